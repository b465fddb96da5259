package org.newsnode.storage.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every key of newsnode.toml in one table: its type, default, range, whether a reload
 * applies it, and what it means. The parser takes defaults and ranges from here, the
 * unknown-key check takes the names, {@link NodeConfig#needsRestartFor} the reload flags
 * and accessors, and README's key table is checked against {@link #readmeRows} (so the
 * documentation cannot drift from the code).
 */
public final class ConfigKeys {
    public enum Type { STRING, BOOLEAN, INTEGER, STRINGS, TABLES }

    /**
     * One key. {@code def} is the typed default the parser uses (null: none, or computed from
     * other keys), {@code shownDefault} how README shows it; {@code value} reads the key's
     * effect from a parsed config (null for keys a reload applies).
     */
    public record Key(String name, Type type, Object def, String shownDefault, long min, long max, boolean reloadable,
                      String meaning, Function<NodeConfig, Object> value) {
        public Key {
            Objects.requireNonNull(name);
            if (!reloadable && value == null) {
                throw new IllegalArgumentException(name + ": a key that needs a restart must say how to compare it");
            }
        }

        long defaultLong() {
            return ((Number) def).longValue();
        }
    }

    private static final Map<String, Key> TOP = new LinkedHashMap<>();
    private static final Map<String, Key> PEER = new LinkedHashMap<>();

    private static final long DAYS = 36_500;

    static {
        restart("path-identity", Type.STRING, null, "host name", "the name this node puts in Path and Xref (RFC 5537 §3.2)",
                NodeConfig::pathIdentity);
        restart("path-aliases", Type.STRINGS, List.of(), "`[]`",
                "other path identities of this node; an article whose Path holds one is a loop", NodeConfig::pathAliases);
        restart("server.listen", Type.STRINGS, List.of("127.0.0.1:1119"), "`[\"127.0.0.1:1119\"]`",
                "NNTP listen addresses, `HOST:PORT` or `[v6]:PORT`", c -> c.listen().toString());
        restart("server.posting", Type.BOOLEAN, true, "`true`", "readers may POST (greeting 200) or not (201, POST gets 440)",
                NodeConfig::postingAllowed);
        restart("server.motd", Type.STRING, null, "none", "text of LIST MOTD; without it LIST MOTD answers 503",
                NodeConfig::motd);
        restart("server.max-connections", Type.INTEGER, 500L, "`500`", 1, 1_000_000,
                "connections served at once; one more is answered `400 Too many connections …` and closed (RFC 3977 §5.1)",
                NodeConfig::maxConnections);
        restart("server.max-connections-per-address", Type.INTEGER, 50L, "`50`", 1, 1_000_000,
                "the same from one address", NodeConfig::maxConnectionsPerAddress);
        restart("server.idle-timeout-seconds", Type.INTEGER, 1800L, "`1800`", 0, 864_000,
                "nothing read or written for this long: `400 Timeout after N seconds, closing connection` and close (`0`: never)",
                NodeConfig::idleTimeoutSeconds);
        restart("server.input-timeout-seconds", Type.INTEGER, 300L, "`300`", 0, 864_000,
                "one command line or article must arrive within this time, else `400 Input too slow …` and close "
                        + "(slow senders holding connections); `0`: no limit", NodeConfig::inputTimeoutSeconds);
        restart("server.distrib-pats", Type.STRINGS, List.of(), "`[]`", "LIST DISTRIB.PATS lines, `weight:wildmat:distribution`",
                NodeConfig::distribPats);
        restart("server.subscriptions", Type.STRINGS, List.of(), "`[]`",
                "LIST SUBSCRIPTIONS (RFC 6048 §2.6): the groups a new reader starts with (tin: instead of \"No groups\"); "
                        + "those a session may not read are left out; without it `503`", NodeConfig::subscriptions);
        restart("server.compress", Type.BOOLEAN, true, "`true`", "offer COMPRESS DEFLATE (RFC 8054)", NodeConfig::compress);
        restart("articles.max-size", Type.INTEGER, (long) NodeConfig.DEFAULT_MAX_ARTICLE_SIZE, "`1000000`", 1024, 100_000_000,
                "largest article in octets (INN's `maxartsize`)", NodeConfig::maxArticleSize);
        restart("articles.cutoff-days", Type.INTEGER, (long) NodeConfig.DEFAULT_CUTOFF_DAYS, "`10`", 1, DAYS,
                "a posted Date older than this is refused (INN's `artcutoff`)", NodeConfig::cutoff);
        restart("storage.cache-mb", Type.INTEGER, (long) NodeConfig.DEFAULT_CACHE_MB, "`64`", 4, 1 << 20,
                "H2 page cache; more makes OVER of big groups faster", NodeConfig::cacheMb);
        restart("storage.path", Type.STRING, null, "`data`",
                "directory of the database and the article log; relative paths are taken from the node home",
                NodeConfig::storagePath);
        restart("storage.fsync", Type.BOOLEAN, false, "`false`",
                "also force each batch of the article log to the device (see Storage and durability)", NodeConfig::fsync);
        restart("storage.map-articles", Type.BOOLEAN, false, "`false`",
                "`true`: read article bytes through memory maps of the log (INN's `articlemmap`), whose pages then count "
                        + "in the node's RSS; `false`: one positioned read per article, as fast here (see Benchmarks)",
                NodeConfig::mapArticles);
        reload("expiry.groups", Type.STRINGS, List.of("*:" + NodeConfig.DEFAULT_RETENTION_DAYS), "`[\"*:30\"]`",
                "retention as `wildmat:days`, the last matching rule wins, `0` keeps (INN's expire.ctl)");
        reload("expiry.expires-min-days", Type.INTEGER, 1L, "`1`", 0, DAYS,
                "an article's `Expires:` is honoured, held at least this long after arrival");
        reload("expiry.expires-max-days", Type.INTEGER, 90L, "`90`", 0, DAYS, "…and at most this long");
        reload("expiry.remember-days", Type.INTEGER, null, "cutoff + 1 = `11`", 1, DAYS,
                "how long history keeps the ID of an expired or refused article; must exceed `articles.cutoff-days`");
        restart("expiry.interval-minutes", Type.INTEGER, 60L, "`60`", 0, 100_000,
                "how often the node runs expiry (`0`: only `newsnode expire`)", c -> c.expiry().interval());
        restart("tls.certificate", Type.STRING, null, "none",
                "PKCS#12 file, or PEM certificate chain; with it STARTTLS is offered (see Security)", c -> c.tls().certificate());
        restart("tls.key", Type.STRING, null, "none", "PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) for a PEM certificate",
                c -> c.tls().key());
        restart("tls.password", Type.STRING, null, "none", "password of the PKCS#12 file", c -> c.tls().password());
        restart("tls.listen", Type.STRINGS, List.of(), "`[]`", "addresses served with implicit TLS (563 by convention)",
                c -> c.tls().listen().toString());
        restart("tls.require-for-auth", Type.BOOLEAN, true, "`true`",
                "with a certificate, AUTHINFO only under TLS (`483 Encryption required`)", c -> c.tls().requireForAuth());
        restart("tls.allow-plain-auth", Type.BOOLEAN, false, "`false`",
                "AUTHINFO over an unencrypted connection from beyond loopback (else `483`: a password readable on the way)",
                c -> c.tls().allowPlainAuth());
        restart("tls.trust-store", Type.STRING, null, "the JDK's CAs",
                "CA certificates the feeder checks peers against (PEM bundle, PKCS#12 or JKS)", c -> c.tls().trustStore());
        restart("tls.trust-store-password", Type.STRING, null, "none", "password of the trust store",
                c -> c.tls().trustStorePassword());
        reload("control.rules", Type.STRINGS, List.of("all:*:*:log"), "`[\"all:*:*:log\"]`",
                "control.ctl lines `message:from:newsgroups:action` (doit, log, mail, drop, verify-SIGNER), after "
                        + "`control.file`'s; the last match decides, no match drops (see Control messages)");
        reload("control.file", Type.STRING, null, "none",
                "an INN control.ctl file whose rules come before `control.rules` (relative to the config file)");
        reload("control.keyring", Type.STRING, null, "none",
                "OpenPGP public keys (armored or binary) that verify-SIGNER rules check X-PGP-Sig against");
        reload("control.cancel-without-lock", Type.STRING, "injector", "`\"injector\"`",
                "a cancel or Supersedes of an article without Cancel-Lock: `injector` (from the site that injected it), "
                        + "`any`, `never`");
        reload("moderation.moderators", Type.STRINGS, List.of(), "`[]`",
                "INN moderators lines `group-pattern:address`, `%s` the group with dots as dashes; the first match wins");
        reload("mail.host", Type.STRING, null, "none", "SMTP server for moderators' submissions and control mail");
        reload("mail.port", Type.INTEGER, 25L, "`25`", 1, 65535, "its port");
        reload("mail.security", Type.STRING, "off", "`\"off\"`", "`off`, `starttls` (required) or `implicit` (SMTPS)");
        reload("mail.user", Type.STRING, null, "none", "SMTP login");
        reload("mail.password", Type.STRING, null, "none", "SMTP password");
        reload("mail.from", Type.STRING, null, "`news@` path identity", "sender of the node's mail");
        reload("mail.operator", Type.STRING, null, "`usenet@` path identity", "where `mail` control actions go");
        reload("peer", Type.TABLES, null, "none", "one table per peer, see Peering");
        reload("user", Type.TABLES, null, "none",
                "an account: `name`, `password` (a `pbkdf2-sha256$…` hash written by `newsnode user add`)");
        reload("access", Type.TABLES, null, "none",
                "access rules: `name`, `addresses`, `users`, `read`, `post`, `feed`, `approve` (see Security)");

        peer("name", Type.STRING, null, "unique; used in logs, queues and the CLI");
        peer("host", Type.STRING, null, "where it is fed, and the address it connects from");
        peer("port", Type.INTEGER, 119L, 1, 65535, "119 (563 with tls = \"implicit\")");
        peer("path-identity", Type.STRING, null, "what it writes into Path");
        peer("aliases", Type.STRINGS, List.of(), "other identities it is known by");
        peer("groups", Type.STRING, "*", "INN newsfeeds style patterns of what it is sent");
        peer("streaming", Type.BOOLEAN, true, "MODE STREAM + CHECK/TAKETHIS; false: IHAVE");
        peer("max-size", Type.INTEGER, 0L, 0, 1_000_000_000, "largest article it is sent (0: no limit)");
        peer("window", Type.INTEGER, 64L, 1, 10_000, "CHECK/TAKETHIS commands in flight on a connection");
        peer("source-address", Type.STRING, null, "connect from this address");
        peer("connections", Type.INTEGER, 1L, 1, 16, "parallel connections sharing the peer's queue");
        peer("distributions", Type.STRINGS, List.of(), "INN style distribution patterns");
        peer("user", Type.STRING, null, "a [[user]] whose login makes a session this peer");
        peer("login-user", Type.STRING, null, "AUTHINFO user this node gives the peer");
        peer("login-password", Type.STRING, null, "AUTHINFO password this node gives the peer");
        peer("tls", Type.STRING, "auto", "auto | starttls | implicit | off");
        peer("tls-fingerprint", Type.STRING, null, "accept exactly this certificate");
        peer("compress", Type.BOOLEAN, false, "ask for COMPRESS DEFLATE when offered");
        peer("accept-groups", Type.STRING, "*", "wildmat of the groups it may feed us");
        peer("response-timeout-seconds", Type.INTEGER, 60L, 1, 3600, "no answer for this long while one is owed: drop the link");
    }

    private ConfigKeys() {
    }

    private static void restart(String name, Type type, Object def, String shown, String meaning,
                                Function<NodeConfig, Object> value) {
        restart(name, type, def, shown, 0, 0, meaning, value);
    }

    private static void restart(String name, Type type, Object def, String shown, long min, long max, String meaning,
                                Function<NodeConfig, Object> value) {
        TOP.put(name, new Key(name, type, def, shown, min, max, false, meaning, value));
    }

    private static void reload(String name, Type type, Object def, String shown, String meaning) {
        reload(name, type, def, shown, 0, 0, meaning);
    }

    private static void reload(String name, Type type, Object def, String shown, long min, long max, String meaning) {
        TOP.put(name, new Key(name, type, def, shown, min, max, true, meaning, null));
    }

    private static void peer(String name, Type type, Object def, String meaning) {
        peer(name, type, def, 0, 0, meaning);
    }

    private static void peer(String name, Type type, Object def, long min, long max, String meaning) {
        PEER.put(name, new Key("peer." + name, type, def, String.valueOf(def), min, max, true, meaning, null));
    }

    /** The top-level keys and tables, in README's order. */
    public static List<Key> all() {
        return List.copyOf(TOP.values());
    }

    /** The keys of a [[peer]] table. */
    public static List<Key> peerKeys() {
        return List.copyOf(PEER.values());
    }

    /** A top-level key by name; an unknown name is a bug in the parser, not in the file. */
    static Key top(String name) {
        Key k = TOP.get(name);
        if (k == null) {
            throw new IllegalStateException("no config key " + name + " in ConfigKeys");
        }
        return k;
    }

    static Key peer(String name) {
        Key k = PEER.get(name);
        if (k == null) {
            throw new IllegalStateException("no [[peer]] key " + name + " in ConfigKeys");
        }
        return k;
    }

    static boolean isTop(String name) {
        return TOP.containsKey(name) && TOP.get(name).type() != Type.TABLES;
    }

    static boolean isTable(String name) {
        return TOP.containsKey(name) && TOP.get(name).type() == Type.TABLES;
    }

    static java.util.Set<String> peerNames() {
        return java.util.Collections.unmodifiableSet(PEER.keySet());
    }

    /** The keys whose effect differs between two configs and that only a restart applies. */
    static List<String> needingRestart(NodeConfig old, NodeConfig fresh) {
        return TOP.values().stream().filter(k -> !k.reloadable())
                .filter(k -> !Objects.equals(k.value().apply(old), k.value().apply(fresh))).map(Key::name).toList();
    }

    /** README's configuration table, header and rows, as this table says it. */
    public static List<String> readmeRows() {
        List<String> rows = new java.util.ArrayList<>(List.of("| key | default | `newsnode reload` | meaning |", "|---|---|---|---|"));
        TOP.values().forEach(k -> rows.add("| `" + (k.type() == Type.TABLES ? "[[" + k.name() + "]]" : k.name()) + "` | "
                + k.shownDefault() + " | " + (k.reloadable() ? "applies it" : "next start") + " | " + k.meaning() + " |"));
        return rows;
    }
}
