package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.PeerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** newsnode peer: add, change, remove and list the peers in newsnode.toml; a running node applies changes at once. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Add, change, remove and list peers (the [[peer]] tables of newsnode.toml); a running node "
                + "picks up the change without a restart.",
        subcommands = {PeerCommand.Add.class, PeerCommand.Change.class, PeerCommand.Remove.class, PeerCommand.ListPeers.class},
        footer = {"", "Example:", "  newsnode peer add upstream --host news.example.net --port 119 --groups \"*,!local.*\""})
final class PeerCommand {

    static final class Mode {
        @Option(names = "--streaming", description = "Offer with MODE STREAM, CHECK and TAKETHIS (default).")
        boolean streaming;

        @Option(names = "--ihave", description = "Offer with IHAVE, one article at a time.")
        boolean ihave;
    }

    /** The keys of a [[peer]] entry as options, shared by add and set; null: not given. */
    static final class PeerOptions {
        @Option(names = "--host", paramLabel = "HOST", description = "Address the peer is fed at and connects from.")
        String host;

        @Option(names = "--port", paramLabel = "PORT", description = "Its NNTP port (default 119, or 563 with --tls implicit).")
        Integer port;

        @Option(names = "--path-identity", paramLabel = "ID", description = "The name it puts in Path (default: the host).")
        String pathIdentity;

        @Option(names = "--groups", paramLabel = "WILDMAT",
                description = "Groups it is sent, INN newsfeeds style: '!' excludes, '@' poisons (default *).")
        String groups;

        @ArgGroup(exclusive = true)
        Mode mode;

        @Option(names = "--max-size", paramLabel = "N", description = "Largest article it is sent, in octets (0: no limit).")
        Integer maxSize;

        @Option(names = "--source-address", paramLabel = "ADDR",
                description = "Local address to connect from, so the peer can tell this node apart.")
        String sourceAddress;

        @Option(names = "--connections", paramLabel = "N", description = "Parallel links to the peer sharing its queue (default 1).")
        Integer connections;

        @Option(names = "--distributions", paramLabel = "LIST", split = ",",
                description = "Distributions it takes, INN style, e.g. world,!local (default: any).")
        List<String> distributions;

        @Option(names = "--user", paramLabel = "NAME",
                description = "The [[user]] the peer logs in as: it is recognised by that login from any address.")
        String user;

        @Option(names = "--login-user", paramLabel = "NAME", description = "Log in to the peer with AUTHINFO as NAME.")
        String loginUser;

        @Option(names = "--login-password", paramLabel = "PASSWORD",
                description = "Password for --login-user (stored in newsnode.toml; keep that file private).")
        String loginPassword;

        @Option(names = "--tls", paramLabel = "MODE",
                description = "auto (default: STARTTLS when the peer offers it), starttls, implicit or off.")
        String tls;

        @Option(names = "--tls-fingerprint", paramLabel = "SHA256",
                description = "Accept only this certificate from the peer (its `newsnode tls show` fingerprint).")
        String tlsFingerprint;

        @Option(names = "--compress", negatable = true,
                description = "Ask for COMPRESS DEFLATE when the peer offers it (--no-compress: do not).")
        Boolean compress;

        /** The given options as key = value lines, in the file's order. */
        Map<String, String> keyValues() {
            Map<String, String> kv = new LinkedHashMap<>();
            put(kv, "host", host == null ? null : TableFile.quote(host));
            put(kv, "port", port == null ? null : String.valueOf(port));
            put(kv, "path-identity", pathIdentity == null ? null : TableFile.quote(pathIdentity));
            put(kv, "groups", groups == null ? null : TableFile.quote(groups));
            put(kv, "streaming", mode == null ? null : String.valueOf(!mode.ihave));
            put(kv, "max-size", maxSize == null ? null : String.valueOf(maxSize));
            put(kv, "source-address", sourceAddress == null ? null : TableFile.quote(sourceAddress));
            put(kv, "connections", connections == null ? null : String.valueOf(connections));
            put(kv, "distributions", distributions == null ? null
                    : "[" + String.join(", ", distributions.stream().map(TableFile::quote).toList()) + "]");
            put(kv, "user", user == null ? null : TableFile.quote(user));
            put(kv, "login-user", loginUser == null ? null : TableFile.quote(loginUser));
            put(kv, "login-password", loginPassword == null ? null : TableFile.quote(loginPassword));
            put(kv, "tls", tls == null ? null : TableFile.quote(tls));
            put(kv, "tls-fingerprint", tlsFingerprint == null ? null : TableFile.quote(tlsFingerprint));
            put(kv, "compress", compress == null ? null : String.valueOf(compress));
            return kv;
        }

        private static void put(Map<String, String> kv, String key, String value) {
            if (value != null) {
                kv.put(key, value);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a peer that this node feeds and takes articles from.",
            footer = {"", "Example:", "  newsnode peer add b --host 127.0.0.2 --port 1119 --path-identity b.example "
                    + "--groups \"local.*,@local.bin*\" --home /srv/newsnode"})
    static final class Add extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name of the peer (letters, digits, '.', '_', '-').")
        String name;

        @Mixin
        PeerOptions options;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            if (options.host == null) {
                err.println("newsnode peer add: --host is required");
                return 2;
            }
            Map<String, String> kv = new LinkedHashMap<>(options.keyValues());
            kv.putIfAbsent("path-identity", TableFile.quote(options.host));
            kv.putIfAbsent("groups", TableFile.quote("*"));
            kv.putIfAbsent("streaming", "true");
            try {
                TableFile.add(home.resolve().configFile(), "peer", name, TableFile.lines(kv));
                node.reloadConfig();
            } catch (ConfigException | java.io.IOException e) {
                err.println("newsnode peer add: " + e.getMessage());
                return 1;
            }
            out.println("added peer " + name + " (" + options.host + ":" + (options.port != null ? options.port
                    : "implicit".equalsIgnoreCase(options.tls) ? 563 : 119) + ")");
            return 0;
        }
    }

    /** Keys a set may take away, falling back to their defaults. */
    static final Set<String> UNSETTABLE = Set.of("port", "max-size", "source-address", "connections", "distributions", "user",
            "login-user", "login-password", "tls", "tls-fingerprint", "compress");

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a peer's entry; its queue is kept and only its own links restart.",
            footer = {"", "Examples:", "  newsnode peer set b --port 1120 --home /srv/newsnode",
                    "  newsnode peer set b --groups \"*,!junk\" --unset source-address --home /srv/newsnode"})
    static final class Change extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The peer to change.")
        String name;

        @Mixin
        PeerOptions options;

        @Option(names = "--unset", paramLabel = "KEY", split = ",",
                description = "Remove these keys so their defaults apply: port, max-size, source-address, connections, "
                        + "distributions, user, login-user, login-password, tls, tls-fingerprint, compress.")
        List<String> unset = List.of();

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            Map<String, String> kv = options.keyValues();
            for (String key : unset) {
                if (!UNSETTABLE.contains(key)) {
                    err.println("newsnode peer set: --unset " + key + ": not a key that has a default (" + String.join(", ",
                            new java.util.TreeSet<>(UNSETTABLE)) + ")");
                    return 2;
                }
                if (kv.containsKey(key)) {
                    err.println("newsnode peer set: " + key + " is both set and unset");
                    return 2;
                }
            }
            if (kv.isEmpty() && unset.isEmpty()) {
                err.println("newsnode peer set: nothing to change (give an option such as --port, or --unset KEY)");
                return 2;
            }
            try {
                if (!TableFile.set(home.resolve().configFile(), "peer", name, kv, unset)) {
                    err.println("newsnode peer set: no peer named " + name);
                    return 1;
                }
                node.reloadConfig();
            } catch (ConfigException | java.io.IOException e) {
                err.println("newsnode peer set: " + e.getMessage());
                return 1;
            }
            List<String> changed = new ArrayList<>(kv.keySet());
            unset.forEach(k -> changed.add("-" + k));
            out.println("changed peer " + name + " (" + String.join(", ", changed) + "); its queue is kept");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a peer and drop its queue.",
            footer = {"", "Example:", "  newsnode peer remove b --home /srv/newsnode"})
    static final class Remove extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The peer to remove.")
        String name;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            try {
                if (!TableFile.remove(home.resolve().configFile(), "peer", name)) {
                    err.println("newsnode peer remove: no peer named " + name);
                    return 1;
                }
                node.reloadConfig();
            } catch (ConfigException | java.io.IOException e) {
                err.println("newsnode peer remove: " + e.getMessage());
                return 1;
            }
            int dropped = node.storage().queues().drop(name).join();
            out.println("removed peer " + name + " (" + dropped + " queued articles dropped)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the configured peers.",
            footer = {"", "Example:", "  newsnode peer list --home /srv/newsnode"})
    static final class ListPeers extends AdminCommand {
        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            var config = home.resolve().loadConfigOrNull(err);
            if (config == null) {
                return 3;
            }
            List<PeerConfig> peers = config.peers();
            Table t = new Table("PEER", "HOST:PORT", "PATH-IDENTITY", "MODE", "CONNS", "MAX-SIZE", "DISTRIBUTIONS", "USER",
                    "LOGIN", "TLS", "GROUPS");
            for (PeerConfig p : peers) {
                String tls = p.tls().name().toLowerCase(java.util.Locale.ROOT) + (p.tlsFingerprint() == null ? "" : "+pinned")
                        + (p.compress() ? "+deflate" : "");
                t.row(p.name(), p.host() + ":" + p.port(), p.pathIdentity(), p.streaming() ? "streaming" : "ihave",
                        p.connections(), p.maxSize() == 0 ? "-" : String.valueOf(p.maxSize()),
                        p.distributions().isEmpty() ? "-" : String.join(",", p.distributions()),
                        p.user() == null ? "-" : p.user(), p.login() == null ? "-" : p.login().user(), tls, p.groups());
            }
            t.print(out);
            return 0;
        }
    }
}
