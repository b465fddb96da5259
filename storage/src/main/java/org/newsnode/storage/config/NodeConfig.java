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
        boolean fsync) {

    public static final String FILE_NAME = "newsnode.toml";
    /** INN's default maxartsize. */
    public static final int DEFAULT_MAX_ARTICLE_SIZE = 1_000_000;
    /** INN's default artcutoff (10 days). */
    public static final int DEFAULT_CUTOFF_DAYS = 10;
    public static final int DEFAULT_CACHE_MB = 64;

    private static final Set<String> KEYS = Set.of(
            "path-identity",
            "server.listen", "server.posting", "server.motd", "server.distrib-pats",
            "articles.max-size", "articles.cutoff-days",
            "storage.cache-mb", "storage.fsync");
    private static final Set<String> TABLES = Set.of("server", "articles", "storage");

    /** Defaults for a node with the given identity, listening on the given address. */
    public static NodeConfig defaults(String pathIdentity, InetSocketAddress listen) {
        return new NodeConfig(pathIdentity, List.of(listen), true, null, List.of(),
                DEFAULT_MAX_ARTICLE_SIZE, Duration.ofDays(DEFAULT_CUTOFF_DAYS), DEFAULT_CACHE_MB, false);
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
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new ConfigException(source + " line " + e.position().line() + ": " + e.getMessage());
        }
        Reader r = new Reader(toml, source);
        for (String key : toml.dottedKeySet(true)) {
            if (!KEYS.contains(key) && !TABLES.contains(key)) {
                throw r.error(key, "unknown key (known keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        String pathIdentity = r.string("path-identity", null);
        if (pathIdentity == null) {
            throw new ConfigException(source + ": path-identity: missing (the name this node puts in Path)");
        }
        if (!PathIdentity.isValid(pathIdentity)) {
            throw r.error("path-identity", "\"" + pathIdentity + "\" is not a valid path identity (RFC 5537 §3.2: letters, digits, '.', '-', '_')");
        }
        List<InetSocketAddress> listen = new ArrayList<>();
        for (String s : r.strings("server.listen", List.of("127.0.0.1:1119"))) {
            try {
                listen.add(parseHostPort(s));
            } catch (IllegalArgumentException e) {
                throw r.error("server.listen", e.getMessage());
            }
        }
        boolean posting = r.bool("server.posting", true);
        String motd = r.string("server.motd", null);
        List<String> distribPats = r.strings("server.distrib-pats", List.of());
        for (String p : distribPats) {
            if (p.split(":", -1).length != 3) {
                throw r.error("server.distrib-pats", "\"" + p + "\" is not weight:wildmat:distribution");
            }
        }
        long maxSize = r.integer("articles.max-size", DEFAULT_MAX_ARTICLE_SIZE, 1024, 100_000_000);
        long cutoffDays = r.integer("articles.cutoff-days", DEFAULT_CUTOFF_DAYS, 1, 36_500);
        long cacheMb = r.integer("storage.cache-mb", DEFAULT_CACHE_MB, 4, 1 << 20);
        boolean fsync = r.bool("storage.fsync", false);
        return new NodeConfig(pathIdentity, List.copyOf(listen), posting, motd, List.copyOf(distribPats),
                (int) maxSize, Duration.ofDays(cutoffDays), (int) cacheMb, fsync);
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
    private record Reader(TomlParseResult toml, String source) {
        ConfigException error(String key, String message) {
            TomlPosition pos = toml.inputPositionOf(key);
            String where = pos == null ? source : source + " line " + pos.line();
            return new ConfigException(where + ": " + key + ": " + message);
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
