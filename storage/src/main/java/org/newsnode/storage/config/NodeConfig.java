package org.newsnode.storage.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * The node's configuration: one TOML file (newsnode.toml) read with tomlj and validated at
 * start. Every error names the file, the line and the key. Policy lives here; state lives
 * in the database.
 */
public record NodeConfig(
        String pathIdentity,
        List<InetSocketAddress> listen,
        boolean postingAllowed,
        String motd,
        List<String> distribPats,
        int maxArticleSize,
        Duration cutoff,
        int cacheMb,
        boolean fsync,
        boolean mapArticles,
        List<String> pathAliases,
        List<PeerConfig> peers,
        ExpiryPolicy expiry,
        List<UserConfig> users,
        String storagePath,
        int maxConnections,
        int maxConnectionsPerAddress,
        int idleTimeoutSeconds,
        int inputTimeoutSeconds,
        TlsConfig tls,
        boolean compress,
        List<AccessRule> access,
        List<String> subscriptions,
        ControlConfig control,
        ModerationConfig moderation) {

    public static final String FILE_NAME = "newsnode.toml";
    /** INN's default maxartsize. */
    public static final int DEFAULT_MAX_ARTICLE_SIZE = 1_000_000;
    /** INN's default artcutoff (10 days). */
    public static final int DEFAULT_CUTOFF_DAYS = 10;
    public static final int DEFAULT_CACHE_MB = 64;
    public static final int DEFAULT_RETENTION_DAYS = 30;

    private static final Set<String> USER_KEYS = Set.of("name", "password");
    private static final Set<String> ACCESS_KEYS = Set.of("name", "addresses", "users", "read", "post", "feed", "approve");

    /** A table name ([server], [tls]…) or an array of tables ([[peer]]…): their keys are checked one by one. */
    private static boolean isTableName(String key) {
        return ConfigKeys.isTable(key) || ConfigKeys.all().stream().anyMatch(k -> k.name().startsWith(key + "."));
    }

    /** Defaults for a node with the given identity, listening on the given address (what {@link ConfigKeys} says). */
    public static NodeConfig defaults(String pathIdentity, InetSocketAddress listen) {
        String host = listen.getHostString().contains(":") ? "[" + listen.getHostString() + "]" : listen.getHostString();
        try {
            return parse("path-identity = \"" + pathIdentity + "\"\n[server]\nlisten = [\"" + host + ":" + listen.getPort()
                    + "\"]\n", "defaults");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static NodeConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static NodeConfig parse(String text, String source) throws ConfigException {
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (TomlParseError e) {
            // found by fuzzing: tomlj throws some errors (a bad escape in a quoted key) instead of listing them
            throw new ConfigException(source + (e.position() == null ? "" : " line " + e.position().line()) + ": " + e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            // found by fuzzing: other escapes trip an assertion (or worse) inside tomlj
            throw new ConfigException(source + ": not valid TOML (" + e + ")");
        }
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new ConfigException(source + " line " + e.position().line() + ": " + e.getMessage());
        }
        ConfigReader r = new ConfigReader(toml, source);
        for (String key : toml.dottedKeySet(true)) {
            boolean inTable = key.contains(".") && ConfigKeys.isTable(key.substring(0, key.indexOf('.')));
            if (!ConfigKeys.isTop(key) && !inTable && !isTableName(key)) {
                throw r.error(key, "unknown key (known keys: " + String.join(", ", new java.util.TreeSet<>(
                        ConfigKeys.all().stream().filter(k -> k.type() != ConfigKeys.Type.TABLES).map(ConfigKeys.Key::name).toList()))
                        + ", [[peer]], [[user]], [[access]])");
            }
        }
        String pathIdentity = r.string("path-identity");
        if (pathIdentity == null) {
            throw new ConfigException(source + ": path-identity: missing (the name this node puts in Path)");
        }
        if (!PathIdentity.isValid(pathIdentity)) {
            throw r.error("path-identity", "\"" + pathIdentity + "\" is not a valid path identity (RFC 5537 §3.2: letters, digits, '.', '-', '_')");
        }
        List<InetSocketAddress> listen = addresses(r, "server.listen");
        boolean posting = r.bool("server.posting");
        String motd = r.string("server.motd");
        List<String> distribPats = r.strings("server.distrib-pats");
        for (String p : distribPats) {
            String[] parts = p.split(":", -1);
            if (parts.length != 3) {
                throw r.error("server.distrib-pats", "\"" + p + "\" is not weight:wildmat:distribution");
            }
            if (!org.newsnode.storage.text.Wildmat.isValid(parts[1])) {
                throw r.error("server.distrib-pats", "\"" + parts[1] + "\" is not a valid wildmat (RFC 3977 §4)");
            }
        }
        long maxSize = r.integer("articles.max-size");
        long cutoffDays = r.integer("articles.cutoff-days");
        long cacheMb = r.integer("storage.cache-mb");
        boolean fsync = r.bool("storage.fsync");
        List<String> aliases = r.strings("path-aliases");
        for (String a : aliases) {
            if (!PathIdentity.isValid(a)) {
                throw r.error("path-aliases", "\"" + a + "\" is not a valid path identity");
            }
        }
        List<UserConfig> users = users(toml, r);
        long maxConnections = r.integer("server.max-connections");
        long perAddress = r.integer("server.max-connections-per-address");
        long idle = r.integer("server.idle-timeout-seconds");
        long input = r.integer("server.input-timeout-seconds");
        return new NodeConfig(pathIdentity, List.copyOf(listen), posting, motd, List.copyOf(distribPats),
                (int) maxSize, Duration.ofDays(cutoffDays), (int) cacheMb, fsync, r.bool("storage.map-articles"), List.copyOf(aliases),
                PeerTables.parse(toml, r, users), expiry(r, cutoffDays), users, storagePath(r), (int) maxConnections, (int) perAddress, (int) idle,
                (int) input, tls(r), r.bool("server.compress"), access(toml, r, users), subscriptions(r), control(r, source),
                moderation(r, pathIdentity));
    }

    /** The control.* keys: control.ctl rules (the file's, then the list's), keyring, cancel policy. */
    private static ControlConfig control(ConfigReader r, String source) throws ConfigException {
        List<ControlRule> rules = new ArrayList<>();
        String file = r.string("control.file");
        if (file != null) {
            Path p = besideConfig(source, file);
            List<String> lines;
            try {
                lines = Files.readAllLines(p, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw r.error("control.file", "cannot read " + p + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("/")) {
                    continue; // INN's /encoding/ and /maxdocheckgroups/ lines have no counterpart here
                }
                try {
                    rules.add(ControlRule.parse(line));
                } catch (IllegalArgumentException e) {
                    throw r.error("control.file", p + " line " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        for (String line : r.strings("control.rules")) {
            try {
                rules.add(ControlRule.parse(line));
            } catch (IllegalArgumentException e) {
                throw r.error("control.rules", e.getMessage());
            }
        }
        String policy = r.string("control.cancel-without-lock");
        ControlConfig.CancelPolicy cancel = switch (policy) {
            case "injector" -> ControlConfig.CancelPolicy.INJECTOR;
            case "any" -> ControlConfig.CancelPolicy.ANY;
            case "never" -> ControlConfig.CancelPolicy.NEVER;
            default -> throw r.error("control.cancel-without-lock", "\"" + policy + "\" is not injector, any or never");
        };
        String keyring = r.string("control.keyring");
        return new ControlConfig(rules, keyring == null ? null : besideConfig(source, keyring).toString(), cancel);
    }

    /** A path a key names, taken from the config file's directory when relative. */
    private static Path besideConfig(String source, String file) {
        Path p = Path.of(file);
        Path base = Path.of(source).toAbsolutePath().getParent();
        return !p.isAbsolute() && base != null ? base.resolve(p) : p;
    }

    /** moderation.moderators and the [mail] keys. */
    private static ModerationConfig moderation(ConfigReader r, String pathIdentity) throws ConfigException {
        List<String> moderators = r.strings("moderation.moderators");
        for (String m : moderators) {
            try {
                ModerationConfig.check(m);
            } catch (IllegalArgumentException e) {
                throw r.error("moderation.moderators", e.getMessage());
            }
        }
        String security = r.string("mail.security");
        if (!List.of("off", "starttls", "implicit").contains(security)) {
            throw r.error("mail.security", "\"" + security + "\" is not off, starttls or implicit");
        }
        String user = r.string("mail.user");
        if (user != null && r.string("mail.password") == null) {
            throw r.error("mail.password", "missing: mail.user is set");
        }
        return new ModerationConfig(moderators, new MailConfig(r.string("mail.host"), (int) r.integer("mail.port"), security,
                user, r.string("mail.password"), r.string("mail.from", "news@" + pathIdentity),
                r.string("mail.operator", "usenet@" + pathIdentity)));
    }

    /** server.subscriptions: LIST SUBSCRIPTIONS (RFC 6048 §2.6), the groups a new reader starts with. */
    private static List<String> subscriptions(ConfigReader r) throws ConfigException {
        List<String> groups = r.strings("server.subscriptions");
        for (String g : groups) {
            if (!org.newsnode.storage.article.NewsgroupNames.isValid(g)) {
                throw r.error("server.subscriptions", "\"" + g + "\" is not a newsgroup name");
            }
        }
        return List.copyOf(groups);
    }

    private static List<InetSocketAddress> addresses(ConfigReader r, String key) throws ConfigException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : r.strings(key)) {
            try {
                out.add(parseHostPort(s));
            } catch (IllegalArgumentException e) {
                throw r.error(key, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** The [tls] table; the files themselves are read when the node starts (and by check-config). */
    private static TlsConfig tls(ConfigReader r) throws ConfigException {
        String cert = r.string("tls.certificate");
        List<InetSocketAddress> listen = addresses(r, "tls.listen");
        String key = r.string("tls.key");
        if (cert == null && !listen.isEmpty()) {
            throw r.error("tls.listen", "implicit TLS needs tls.certificate (make one with `newsnode tls self-signed`)");
        }
        if (cert == null && key != null) {
            throw r.error("tls.key", "set without the tls.certificate it belongs to");
        }
        for (String k : new String[] {"tls.certificate", "tls.key", "tls.trust-store"}) {
            String v = r.string(k, null);
            if (v != null && (v.isBlank() || v.indexOf('\0') >= 0)) {
                throw r.error(k, "must be a file path");
            }
        }
        return new TlsConfig(cert, key, r.string("tls.password"), listen, r.bool("tls.require-for-auth"),
                r.string("tls.trust-store"), r.string("tls.trust-store-password"), r.bool("tls.allow-plain-auth"));
    }

    /** storage.path: where the database and article log live (relative paths: from the node home). */
    private static String storagePath(ConfigReader r) throws ConfigException {
        String p = r.string("storage.path");
        if (p != null && (p.isBlank() || p.indexOf('\0') >= 0)) {
            throw r.error("storage.path", "must be a directory path");
        }
        if (p != null && p.indexOf(';') >= 0) {
            // H2 reads settings after ';' in its URL (INIT=RUNSCRIPT ...): never let a path add one
            throw r.error("storage.path", "must not contain ';'");
        }
        return p;
    }

    /** The [expiry] table; the remember window defaults to the cutoff plus one day (INN). */
    private static ExpiryPolicy expiry(ConfigReader r, long cutoffDays) throws ConfigException {
        List<ExpiryPolicy.Rule> rules = new ArrayList<>();
        for (String text : r.strings("expiry.groups")) {
            try {
                rules.add(ExpiryPolicy.rule(text));
            } catch (IllegalArgumentException e) {
                throw r.error("expiry.groups", e.getMessage());
            }
        }
        long min = r.integer("expiry.expires-min-days");
        long max = r.integer("expiry.expires-max-days");
        if (max < min) {
            throw r.error("expiry.expires-max-days", max + " is below expiry.expires-min-days " + min);
        }
        long remember = r.integer("expiry.remember-days", cutoffDays + 1);
        if (remember <= cutoffDays) {
            throw r.error("expiry.remember-days", remember + " must exceed articles.cutoff-days " + cutoffDays
                    + " (a forgotten ID still inside the cutoff could be taken twice)");
        }
        long interval = r.integer("expiry.interval-minutes");
        return new ExpiryPolicy(List.copyOf(rules), Duration.ofDays(min), Duration.ofDays(max), Duration.ofDays(remember),
                Duration.ofMinutes(interval));
    }

    /**
     * One reader per table of the array-of-tables {@code key} ([[peer]], [[user]]), each with
     * its keys checked against {@code known} and its name checked and unique.
     */
    static List<ConfigReader> tables(TomlParseResult toml, ConfigReader r, String key, Set<String> known)
            throws ConfigException {
        if (!toml.contains(key)) {
            return List.of();
        }
        if (!toml.isArray(key)) {
            throw r.error(key, "expected [[" + key + "]] tables");
        }
        TomlArray tables = toml.getArray(key);
        List<ConfigReader> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            if (!(tables.get(i) instanceof org.tomlj.TomlTable t)) {
                throw r.error(key, "expected [[" + key + "]] tables");
            }
            ConfigReader tr = new ConfigReader(t, r.source(), key + "[" + (i + 1) + "].", tables.inputPositionOf(i));
            for (String k : t.keySet()) {
                if (!known.contains(k)) {
                    throw tr.error(k, "unknown key (known keys: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
            String name = tr.string("name", null);
            if (name == null || !name.matches("[A-Za-z0-9._@-]+")) {
                throw tr.error("name", name == null ? "missing" : "\"" + name + "\" may only use letters, digits, '.', '_', '@', '-'");
            }
            if (!names.add(name)) {
                throw tr.error("name", "a " + key + " named \"" + name + "\" is already defined");
            }
            out.add(tr);
        }
        return out;
    }

    /** The [[access]] tables, in order (the last matching one decides). */
    private static List<AccessRule> access(TomlParseResult toml, ConfigReader r, List<UserConfig> users) throws ConfigException {
        List<AccessRule> rules = new ArrayList<>();
        for (ConfigReader ar : tables(toml, r, "access", ACCESS_KEYS)) {
            List<AccessRule.Range> ranges = new ArrayList<>();
            for (String a : ar.strings("addresses", List.of())) {
                try {
                    ranges.add(AccessRule.Range.parse(a));
                } catch (IllegalArgumentException e) {
                    throw ar.error("addresses", e.getMessage());
                }
            }
            List<String> who = ar.toml().contains("users") ? ar.strings("users", List.of()) : null;
            if (who != null) {
                if (who.isEmpty()) {
                    throw ar.error("users", "empty: leave the key out for any session, or \"*\" for any logged-in user");
                }
                for (String u : who) {
                    if (!u.equals("*") && users.stream().noneMatch(x -> x.name().equals(u))) {
                        throw ar.error("users", "no [[user]] named \"" + u + "\"");
                    }
                }
            }
            org.newsnode.storage.text.Wildmat read = groups(ar, "read", "*");
            // post defaults to what may be read: a rule that hides a group does not leave it open to posts
            org.newsnode.storage.text.Wildmat post = groups(ar, "post", read == null ? "" : read.toString());
            rules.add(new AccessRule(ar.string("name", null), List.copyOf(ranges), who == null ? null : List.copyOf(who),
                    read, post, ar.bool("feed", false), groups(ar, "approve", "")));
        }
        return List.copyOf(rules);
    }

    /** A group wildmat of an [[access]] table: {@code absent} when the key is, nothing when "". */
    private static org.newsnode.storage.text.Wildmat groups(ConfigReader r, String key, String absent) throws ConfigException {
        String w = r.string(key, absent);
        if (w.isEmpty()) {
            return null;
        }
        try {
            return org.newsnode.storage.text.Wildmat.parse(w);
        } catch (IllegalArgumentException e) {
            throw r.error(key, "\"" + w + "\" is not a valid wildmat (RFC 3977 §4): " + e.getMessage());
        }
    }

    /** The [[user]] tables: a name and a password hash each (RFC 4643 AUTHINFO USER/PASS). */
    private static List<UserConfig> users(TomlParseResult toml, ConfigReader r) throws ConfigException {
        List<UserConfig> users = new ArrayList<>();
        for (ConfigReader ur : tables(toml, r, "user", USER_KEYS)) {
            String hash = ur.string("password", null);
            if (hash == null) {
                throw ur.error("password", "missing (a hash made by `newsnode user add`)");
            }
            if (!PasswordHash.isWellFormed(hash)) {
                throw ur.error("password", "not a " + PasswordHash.SCHEME + " hash (make one with `newsnode user add`)");
            }
            users.add(new UserConfig(ur.string("name", null), hash));
        }
        return List.copyOf(users);
    }


    /**
     * The keys whose change from this configuration to {@code fresh} only takes effect at
     * the next start (peers, users and expiry rules apply on reload).
     */
    public List<String> needsRestartFor(NodeConfig fresh) {
        return ConfigKeys.needingRestart(this, fresh);
    }

    /** Every path identity of this node: its own and its aliases. */
    public List<String> ownIdentities() {
        List<String> all = new ArrayList<>();
        all.add(pathIdentity);
        all.addAll(pathAliases);
        return all;
    }

    /** Parses HOST:PORT, [v6]:PORT; throws IllegalArgumentException with a readable text. */
    public static InetSocketAddress parseHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("\"" + s + "\" is not HOST:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\": port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("\"" + s + "\": port out of range 0-65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

}
