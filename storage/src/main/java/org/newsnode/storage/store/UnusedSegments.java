package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Deletes article log segments no article uses any more (expiry's last step): after a
 * synchronous safe point (a crash must never find rows pointing into a deleted file), and
 * never the segment being written or one the replay might still read. Which segments rows
 * point into is read on a read connection, not on the writer: a row only ever points into
 * the segment being written when it is committed (a compaction moves bytes to the end), so
 * a segment older than that and unused in the read stays unused.
 */
final class UnusedSegments {
    /** What a pass deleted. */
    record Dropped(int segments, long bytes) {
    }

    private UnusedSegments() {
    }

    static Dropped drop(Storage storage, StoreWriter writer) throws SQLException {
        // through the writer: every row appended before this point is committed when it returns
        int writing = writer.submit(tx -> tx.log().currentSegment()).join();
        Set<Integer> used = storage.read(c -> {
            Set<Integer> out = new HashSet<>();
            try (Statement st = c.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT segment FROM article")) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        });
        return writer.afterSafePoint(tx -> {
            ArticleLog log = tx.log();
            int replayFrom;
            try (Statement st = tx.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT LEAST(log_segment, safe_segment) FROM store_state WHERE id = 1")) {
                rs.next();
                replayFrom = rs.getInt(1);
            }
            int deleted = 0;
            long bytes = 0;
            try {
                for (int seg : log.segments()) {
                    if (seg >= Math.min(replayFrom, writing) || used.contains(seg)) { // writing <= the log's end
                        continue;
                    }
                    bytes += log.deleteSegment(seg);
                    deleted++;
                }
            } catch (IOException e) {
                throw new SQLException("article log: " + e.getMessage(), e);
            }
            return new Dropped(deleted, bytes);
        });
    }
}
