package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Deletes article log segments no article uses any more (expiry's last step): after a
 * synchronous safe point (a crash must never find rows pointing into a deleted file), and
 * never the segment being written or one the replay might still read.
 */
final class UnusedSegments {
    /** What a pass deleted. */
    record Dropped(int segments, long bytes) {
    }

    private UnusedSegments() {
    }

    static Dropped drop(StoreWriter writer) throws SQLException {
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
            PreparedStatement used = tx.prepare("SELECT 1 FROM article WHERE segment = ? LIMIT 1");
            try {
                for (int seg : log.segments()) {
                    if (seg >= Math.min(replayFrom, log.end().segment())) {
                        continue;
                    }
                    used.setInt(1, seg);
                    try (ResultSet rs = used.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
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
