package org.newsnode.storage.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upper bound on each peer's queue rows, kept in memory so that a duplicate offer from a
 * peer with nothing queued (the steady state) costs no database statement. It may count too
 * high (a rolled-back insert, rows that expiry deleted until the next recount): that only
 * costs a needless DELETE. It never counts too low: every insert adds before it commits.
 */
final class QueueBound {
    private final ConcurrentHashMap<String, AtomicLong> rows = new ConcurrentHashMap<>();

    private AtomicLong of(String peer) {
        return rows.computeIfAbsent(peer, p -> new AtomicLong());
    }

    void added(String peer) {
        of(peer).incrementAndGet();
    }

    void removed(String peer, long n) {
        of(peer).updateAndGet(v -> Math.max(0, v - n));
    }

    /** False only when the peer certainly has no queue row. */
    boolean mayHold(String peer) {
        AtomicLong n = rows.get(peer);
        return n != null && n.get() > 0;
    }

    /** Sets every bound to the exact counts; runs in the writer, so no insert races it. */
    void recount(WriteTransaction tx) throws SQLException {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        try (Statement st = tx.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT peer, COUNT(*) FROM peer_queue GROUP BY peer")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        rows.keySet().removeIf(p -> !counts.containsKey(p));
        counts.forEach((p, n) -> of(p).set(n));
    }
}
