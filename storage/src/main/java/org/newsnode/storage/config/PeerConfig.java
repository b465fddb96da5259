package org.newsnode.storage.config;

import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.text.FeedPattern;

/**
 * One peer of this node (a [[peer]] table): who it is, where it connects from and is fed at,
 * the path identities it writes into Path (RFC 5537 §3.2), and what it is sent.
 *
 * @param groups        newsfeeds-style patterns of the groups it takes ("!" exclude, "@" poison)
 * @param streaming     offer with MODE STREAM, CHECK and TAKETHIS (else, or when refused, IHAVE)
 * @param maxSize       largest article it is sent, in octets (0: no limit)
 * @param window        CHECK/TAKETHIS commands in flight on the link
 * @param sourceAddress local address the link binds to (null: any), so the peer can tell us apart
 * @param connections   parallel links to the peer; the queue is shared out among them
 * @param distributions INN newsfeeds distribution list ("!" excludes); empty: any distribution
 * @param user          the [[user]] whose AUTHINFO login identifies this peer (null: by address only)
 * @param login         credentials the feeder gives the peer with AUTHINFO (null: none)
 * @param tls           how the feeder secures the link (RFC 4642)
 * @param tlsFingerprint SHA-256 of the only certificate accepted from the peer (null: trust store and host name)
 * @param compress      the feeder asks for COMPRESS DEFLATE when the peer offers it (RFC 8054)
 * @param acceptGroups  the groups this peer may feed us (INN incoming.conf's patterns); others are dropped from its articles
 * @param responseTimeoutSeconds how long the feeder waits for any answer from the peer before it drops the link
 */
public record PeerConfig(String name, String host, int port, String pathIdentity, List<String> aliases,
                         FeedPattern groups, boolean streaming, int maxSize, int window, String sourceAddress,
                         int connections, List<String> distributions, String user, Login login,
                         Tls tls, String tlsFingerprint, boolean compress,
                         org.newsnode.storage.text.Wildmat acceptGroups, int responseTimeoutSeconds) {

    /** How the outgoing link is secured. */
    public enum Tls {
        /** STARTTLS when the peer offers it (certificate checked all the same), else plain. */
        AUTO,
        /** STARTTLS or no link. */
        STARTTLS,
        /** TLS from the first octet (port 563 unless set). */
        IMPLICIT,
        /** Plain text. */
        OFF;

        public static Tls parse(String text) {
            for (Tls t : values()) {
                if (t.name().equalsIgnoreCase(text)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** AUTHINFO USER/PASS credentials for the outgoing link (RFC 4643 §2.3). */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + "]"; // the password stays out of logs
        }
    }

    /**
     * INN newsfeeds: an article with a Distribution header goes only where one of its
     * distributions matches the peer's list; a list of exclusions alone lets the rest through.
     */
    public boolean takesDistribution(String distribution) {
        if (distributions.isEmpty() || distribution == null || distribution.isBlank()) {
            return true;
        }
        List<String> pats = new ArrayList<>(distributions);
        if (pats.stream().allMatch(d -> d.startsWith("!"))) {
            pats.add(0, "*");
        }
        org.newsnode.storage.text.Wildmat w = org.newsnode.storage.text.Wildmat.parse(String.join(",", pats));
        for (String d : distribution.split(",")) {
            if (w.matches(d.strip())) {
                return true;
            }
        }
        return false;
    }
    /** Every path identity this peer is known by. */
    public List<String> identities() {
        List<String> all = new ArrayList<>();
        all.add(pathIdentity);
        all.addAll(aliases);
        return all;
    }

    /** True when one of the Path elements is one of this peer's identities: it has the article. */
    public boolean inPath(String path) {
        if (path == null) {
            return false;
        }
        for (String element : path.split("!")) {
            for (String id : identities()) {
                if (element.strip().equalsIgnoreCase(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A certificate fingerprint as 64 lower-case hex digits, or null when {@code text} is not one ("sha256:" and colons optional). */
    public static String normalizeFingerprint(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("sha256:")) {
            t = t.substring(7);
        }
        t = t.replace(":", "");
        return t.matches("[0-9a-f]{64}") ? t : null;
    }
}
