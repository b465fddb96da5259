package org.newsnode.storage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point up to which H2's file is complete on its own. H2 writes its pages lazily (no page
 * serialisation per commit); once a second while writes come in, between batches, the writer
 * records the log's end as the safe point and has H2 write every change so far (CHECKPOINT;
 * SYNC with {@code storage.fsync}). A file that holds that commit holds every earlier one
 * whole, so after an unclean stop the replay from the safe point finds every acknowledged
 * article in the log or in the file. Used by the writer thread alone.
 */
final class SafePoint {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class); // the writer's lines, as before the split
    /** How often the file is made complete while writes come in. */
    static final long EVERY_NANOS = 1_000_000_000L;

    private final Connection connection;
    private final WriteTransaction tx;
    private final ArticleLog articleLog;
    private final boolean fsync;
    private long last = System.nanoTime();
    private boolean changed;

    SafePoint(Connection connection, WriteTransaction tx, ArticleLog articleLog, boolean fsync) {
        this.connection = connection;
        this.tx = tx;
        this.articleLog = articleLog;
        this.fsync = fsync;
    }

    /** A batch committed changes: the next due safe point is taken. */
    void changed() {
        changed = true;
    }

    /** Records the log's end as the safe point and makes the file hold it (forced to the device with {@code sync}). */
    void take(boolean sync) throws SQLException {
        ArticleLog.Position end = articleLog.end();
        PreparedStatement ps = tx.prepare("UPDATE store_state SET safe_segment = ?, safe_offset = ?, safe_article = ?, "
                + "safe_queue_seq = ? WHERE id = 1");
        ps.setInt(1, end.segment());
        ps.setLong(2, end.offset());
        ps.setLong(3, tx.nextArticleId);
        ps.setLong(4, tx.nextQueueSeq);
        ps.executeUpdate();
        connection.commit();
        try (Statement st = connection.createStatement()) {
            st.execute(sync || fsync ? "CHECKPOINT SYNC" : "CHECKPOINT");
        }
        last = System.nanoTime();
        changed = false;
    }

    /** Once a second while writes come in; never when nothing changed. */
    void takeIfDue() {
        if (changed && System.nanoTime() - last >= EVERY_NANOS) {
            try {
                take(false);
            } catch (SQLException e) {
                log.error("store: checkpoint failed (the log still holds every acknowledged article): {}", e.getMessage());
                last = System.nanoTime();
            }
        }
    }
}
