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
import org.tomlj.TomlPosition;

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
        List<String> subscriptions) {

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
        Reader r = new Reader(toml, source);
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
                (int) maxSize, Duration.ofDays(cutoffDays), (int) cacheMb, fsync, List.copyOf(aliases),
                peers(toml, r, users), expiry(r, cutoffDays), users, storagePath(r), (int) maxConnections, (int) perAddress, (int) idle,
                (int) input, tls(r), r.bool("server.compress"), access(toml, r, users), subscriptions(r));
    }

    /** server.subscriptions: LIST SUBSCRIPTIONS (RFC 6048 §2.6), the groups a new reader starts with. */
    private static List<String> subscriptions(Reader r) throws ConfigException {
        List<String> groups = r.strings("server.subscriptions");
        for (String g : groups) {
            if (!org.newsnode.storage.article.NewsgroupNames.isValid(g)) {
                throw r.error("server.subscriptions", "\"" + g + "\" is not a newsgroup name");
            }
        }
        return List.copyOf(groups);
    }

    private static List<InetSocketAddress> addresses(Reader r, String key) throws ConfigException {
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
    private static TlsConfig tls(Reader r) throws ConfigException {
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
    private static String storagePath(Reader r) throws ConfigException {
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
    private static ExpiryPolicy expiry(Reader r, long cutoffDays) throws ConfigException {
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
    private static List<Reader> tables(TomlParseResult toml, Reader r, String key, Set<String> known)
            throws ConfigException {
        if (!toml.contains(key)) {
            return List.of();
        }
        if (!toml.isArray(key)) {
            throw r.error(key, "expected [[" + key + "]] tables");
        }
        TomlArray tables = toml.getArray(key);
        List<Reader> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            if (!(tables.get(i) instanceof org.tomlj.TomlTable t)) {
                throw r.error(key, "expected [[" + key + "]] tables");
            }
            Reader tr = new Reader(t, r.source(), key + "[" + (i + 1) + "].", tables.inputPositionOf(i));
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
    private static List<AccessRule> access(TomlParseResult toml, Reader r, List<UserConfig> users) throws ConfigException {
        List<AccessRule> rules = new ArrayList<>();
        for (Reader ar : tables(toml, r, "access", ACCESS_KEYS)) {
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
    private static org.newsnode.storage.text.Wildmat groups(Reader r, String key, String absent) throws ConfigException {
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
    private static List<UserConfig> users(TomlParseResult toml, Reader r) throws ConfigException {
        List<UserConfig> users = new ArrayList<>();
        for (Reader ur : tables(toml, r, "user", USER_KEYS)) {
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

    /** The [[peer]] tables: each needs a unique name, a host and the peer's path identity. */
    /** accept-groups: a wildmat (RFC 3977 §4) of the groups a peer may feed us; default all. */
    private static org.newsnode.storage.text.Wildmat acceptGroups(Reader pr) throws ConfigException {
        try {
            return org.newsnode.storage.text.Wildmat.parse(pr.string("accept-groups"));
        } catch (IllegalArgumentException e) {
            throw pr.error("accept-groups", e.getMessage());
        }
    }

    private static List<PeerConfig> peers(TomlParseResult toml, Reader r, List<UserConfig> users) throws ConfigException {
        List<PeerConfig> peers = new ArrayList<>();
        java.util.Map<String, String> peerByUser = new java.util.HashMap<>();
        for (Reader pr : tables(toml, r, "peer", ConfigKeys.peerNames())) {
            String name = pr.string("name");
            String host = pr.string("host");
            if (host == null || host.isBlank()) {
                throw pr.error("host", "missing (the address the peer connects from and is fed at)");
            }
            String pathId = pr.string("path-identity");
            if (pathId == null || !PathIdentity.isValid(pathId)) {
                throw pr.error("path-identity", pathId == null ? "missing (the name the peer puts in Path)"
                        : "\"" + pathId + "\" is not a valid path identity");
            }
            List<String> aliases = pr.strings("aliases");
            for (String a : aliases) {
                if (!PathIdentity.isValid(a)) {
                    throw pr.error("aliases", "\"" + a + "\" is not a valid path identity");
                }
            }
            long port = pr.integer("port");
            org.newsnode.storage.text.FeedPattern groups;
            try {
                groups = org.newsnode.storage.text.FeedPattern.parse(pr.string("groups"));
            } catch (IllegalArgumentException e) {
                throw pr.error("groups", e.getMessage());
            }
            boolean streaming = pr.bool("streaming");
            long maxSize = pr.integer("max-size");
            long window = pr.integer("window");
            String source = pr.string("source-address");
            long connections = pr.integer("connections");
            List<String> distributions = pr.strings("distributions");
            for (String d : distributions) {
                if (!org.newsnode.storage.text.Wildmat.isValid(d) || d.contains(",")) {
                    throw pr.error("distributions", "\"" + d + "\" is not a distribution pattern");
                }
            }
            String user = pr.string("user");
            if (user != null) {
                if (users.stream().noneMatch(u -> u.name().equals(user))) {
                    throw pr.error("user", "no [[user]] named \"" + user + "\" (add one with `newsnode user add " + user + "`)");
                }
                String other = peerByUser.putIfAbsent(user, name);
                if (other != null) {
                    throw pr.error("user", "user \"" + user + "\" already identifies peer \"" + other + "\"");
                }
            }
            String loginUser = pr.string("login-user");
            String loginPassword = pr.string("login-password");
            if ((loginUser == null) != (loginPassword == null)) {
                throw pr.error(loginUser == null ? "login-user" : "login-password",
                        "login-user and login-password go together (the credentials this node gives the peer)");
            }
            if (loginUser != null && (loginUser.isEmpty() || loginUser.chars().anyMatch(c -> c <= ' ' || c == 127))) {
                throw pr.error("login-user", "must be non-empty without spaces or control characters");
            }
            if (loginPassword != null && loginPassword.chars().anyMatch(c -> c < ' ' || c == 127)) {
                throw pr.error("login-password", "must not contain control characters");
            }
            PeerConfig.Login login = loginUser == null ? null : new PeerConfig.Login(loginUser, loginPassword);
            String tlsText = pr.string("tls");
            PeerConfig.Tls tls = PeerConfig.Tls.parse(tlsText);
            if (tls == null) {
                throw pr.error("tls", "\"" + tlsText + "\" is not one of auto, starttls, implicit, off");
            }
            if (tls == PeerConfig.Tls.IMPLICIT && !pr.toml().contains("port")) {
                port = 563; // RFC 4642 §1: nntps
            }
            String pin = pr.string("tls-fingerprint");
            if (pin != null) {
                if (PeerConfig.normalizeFingerprint(pin) == null) {
                    throw pr.error("tls-fingerprint", "\"" + pin + "\" is not a SHA-256 fingerprint (sha256: and 64 hex digits)");
                }
                if (tls == PeerConfig.Tls.OFF) {
                    throw pr.error("tls-fingerprint", "set, but tls = \"off\"");
                }
            }
            peers.add(new PeerConfig(name, host, (int) port, pathId, List.copyOf(aliases), groups, streaming,
                    (int) maxSize, (int) window, source, (int) connections, List.copyOf(distributions), user, login,
                    tls, pin, pr.bool("compress"), acceptGroups(pr), (int) pr.integer("response-timeout-seconds")));
        }
        return List.copyOf(peers);
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

    /** Typed access to the parsed TOML with errors that carry the key's line. */
    private record Reader(org.tomlj.TomlTable toml, String source, String prefix, TomlPosition table) {
        Reader(TomlParseResult toml, String source) {
            this(toml, source, "", null);
        }

        /** An error naming the key, at its line (or the line of its table when the key is missing). */
        ConfigException error(String key, String message) {
            TomlPosition pos = toml.inputPositionOf(key) != null ? toml.inputPositionOf(key) : table;
            String where = pos == null ? source : source + " line " + pos.line();
            return new ConfigException(where + ": " + prefix + key + ": " + message);
        }

        /** The key's entry in {@link ConfigKeys}: its default and range (top-level or [[peer]] keys). */
        private ConfigKeys.Key key(String name) {
            if (prefix.isEmpty()) {
                return ConfigKeys.top(name);
            }
            if (prefix.startsWith("peer[")) {
                return ConfigKeys.peer(name);
            }
            throw new IllegalStateException(prefix + name + " has no entry in ConfigKeys");
        }

        String string(String key) throws ConfigException {
            return string(key, (String) key(key).def());
        }

        boolean bool(String key) throws ConfigException {
            return bool(key, (Boolean) key(key).def());
        }

        long integer(String key) throws ConfigException {
            ConfigKeys.Key k = key(key);
            return integer(key, k.defaultLong(), k.min(), k.max());
        }

        /** A key whose default is computed from others (its range is the table's). */
        long integer(String key, long def) throws ConfigException {
            ConfigKeys.Key k = key(key);
            return integer(key, def, k.min(), k.max());
        }

        @SuppressWarnings("unchecked")
        List<String> strings(String key) throws ConfigException {
            return strings(key, (List<String>) key(key).def());
        }

        String string(String key, String def) throws ConfigException {
            if (!toml.contains(key)) {
                return def;
            }
            if (!toml.isString(key)) {
                throw error(key, "expected a string");
            }
            return toml.getString(key);
        }

        boolean bool(String key, boolean def) throws ConfigException {
            if (!toml.contains(key)) {
                return def;
            }
            if (!toml.isBoolean(key)) {
                throw error(key, "expected true or false");
            }
            return toml.getBoolean(key);
        }

        long integer(String key, long def, long min, long max) throws ConfigException {
            if (!toml.contains(key)) {
                return def;
            }
            if (!toml.isLong(key)) {
                throw error(key, "expected a whole number");
            }
            long v = toml.getLong(key);
            if (v < min || v > max) {
                throw error(key, v + " is out of range " + min + ".." + max);
            }
            return v;
        }

        List<String> strings(String key, List<String> def) throws ConfigException {
            if (!toml.contains(key)) {
                return def;
            }
            if (toml.isString(key)) {
                return List.of(toml.getString(key));
            }
            if (!toml.isArray(key)) {
                throw error(key, "expected a string or a list of strings");
            }
            TomlArray a = toml.getArray(key);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                Object o = a.get(i);
                if (!(o instanceof String s)) {
                    throw error(key, "element " + (i + 1) + " is not a string");
                }
                out.add(s);
            }
            return out;
        }
    }
}
