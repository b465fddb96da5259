package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.PeerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** newsnode peer: add, remove and list the peers in newsnode.toml; a running node applies changes at once. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Add, remove and list peers (the [[peer]] tables of newsnode.toml); a running node "
                + "picks up the change without a restart.",
        subcommands = {PeerCommand.Add.class, PeerCommand.Remove.class, PeerCommand.ListPeers.class},
        footer = {"", "Example:", "  newsnode peer add upstream --host news.example.net --port 119 --groups \"*,!local.*\""})
final class PeerCommand {

    static final class Mode {
        @Option(names = "--streaming", description = "Offer with MODE STREAM, CHECK and TAKETHIS (default).")
        boolean streaming;

        @Option(names = "--ihave", description = "Offer with IHAVE, one article at a time.")
        boolean ihave;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a peer that this node feeds and takes articles from.",
            footer = {"", "Example:", "  newsnode peer add b --host 127.0.0.2 --port 1119 --path-identity b.example "
                    + "--groups \"local.*,@local.bin*\" --home /srv/newsnode"})
    static final class Add extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name of the peer (letters, digits, '.', '_', '-').")
        String name;

        @Option(names = "--host", required = true, paramLabel = "HOST",
                description = "Address the peer is fed at and connects from.")
        String host;

        @Option(names = "--port", paramLabel = "PORT", description = "Its NNTP port (default 119, or 563 with --tls implicit).")
        Integer port;

        @Option(names = "--path-identity", paramLabel = "ID", description = "The name it puts in Path (default: the host).")
        String pathIdentity;

        @Option(names = "--groups", paramLabel = "WILDMAT", defaultValue = "*",
                description = "Groups it is sent, INN newsfeeds style: '!' excludes, '@' poisons (default ${DEFAULT-VALUE}).")
        String groups;

        @ArgGroup(exclusive = true)
        Mode mode;

        @Option(names = "--max-size", paramLabel = "N", defaultValue = "0",
                description = "Largest article it is sent, in octets (0: no limit).")
        int maxSize;

        @Option(names = "--source-address", paramLabel = "ADDR",
                description = "Local address to connect from, so the peer can tell this node apart.")
        String sourceAddress;

        @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
                description = "Parallel links to the peer sharing its queue (default ${DEFAULT-VALUE}).")
        int connections;

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

        @Option(names = "--compress", description = "Ask for COMPRESS DEFLATE when the peer offers it.")
        boolean compress;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            List<String> kv = new ArrayList<>();
            kv.add("host = " + TableFile.quote(host));
            if (port != null) {
                kv.add("port = " + port);
            }
            kv.add("path-identity = " + TableFile.quote(pathIdentity == null ? host : pathIdentity));
            kv.add("groups = " + TableFile.quote(groups));
            kv.add("streaming = " + (mode == null || !mode.ihave));
            if (maxSize > 0) {
                kv.add("max-size = " + maxSize);
            }
            if (sourceAddress != null) {
                kv.add("source-address = " + TableFile.quote(sourceAddress));
            }
            if (connections != 1) {
                kv.add("connections = " + connections);
            }
            if (distributions != null && !distributions.isEmpty()) {
                kv.add("distributions = [" + String.join(", ", distributions.stream().map(TableFile::quote).toList()) + "]");
            }
            if (user != null) {
                kv.add("user = " + TableFile.quote(user));
            }
            if (loginUser != null) {
                kv.add("login-user = " + TableFile.quote(loginUser));
            }
            if (loginPassword != null) {
                kv.add("login-password = " + TableFile.quote(loginPassword));
            }
            if (tls != null) {
                kv.add("tls = " + TableFile.quote(tls));
            }
            if (tlsFingerprint != null) {
                kv.add("tls-fingerprint = " + TableFile.quote(tlsFingerprint));
            }
            if (compress) {
                kv.add("compress = true");
            }
            try {
                TableFile.add(home.resolve().configFile(), "peer", name, kv);
                node.reloadConfig();
            } catch (ConfigException | java.io.IOException e) {
                err.println("newsnode peer add: " + e.getMessage());
                return 1;
            }
            out.println("added peer " + name + " (" + host + ":" + (port != null ? port : "implicit".equalsIgnoreCase(tls) ? 563 : 119) + ")");
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
            int dropped = node.storage().dropQueue(name).join();
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
            out.printf("%-16s %-28s %-24s %-9s %5s %-10s %-14s %-12s %-12s %-13s %s%n", "PEER", "HOST:PORT", "PATH-IDENTITY",
                    "MODE", "CONNS", "MAX-SIZE", "DISTRIBUTIONS", "USER", "LOGIN", "TLS", "GROUPS");
            for (PeerConfig p : peers) {
                String tls = p.tls().name().toLowerCase(java.util.Locale.ROOT) + (p.tlsFingerprint() == null ? "" : "+pinned")
                        + (p.compress() ? "+deflate" : "");
                out.printf("%-16s %-28s %-24s %-9s %5d %-10s %-14s %-12s %-12s %-13s %s%n", p.name(), p.host() + ":" + p.port(),
                        p.pathIdentity(), p.streaming() ? "streaming" : "ihave", p.connections(),
                        p.maxSize() == 0 ? "-" : String.valueOf(p.maxSize()),
                        p.distributions().isEmpty() ? "-" : String.join(",", p.distributions()),
                        p.user() == null ? "-" : p.user(), p.login() == null ? "-" : p.login().user(), tls, p.groups());
            }
            return 0;
        }
    }
}
