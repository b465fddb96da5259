package org.newsnode.storage.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the log records the database does not hold yet — after a crash, the acknowledged
 * changes H2 had not persisted — in their order, so each article gets the numbers it had the
 * first time. A record that no longer applies is skipped alone (its savepoint rolled back).
 */
final class LogReplay {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class); // the writer's lines, as before the split

    private LogReplay() {
    }

    /** Applies {@code entries} in the open transaction of {@code tx}; returns how many changed something. */
    static int apply(Connection connection, WriteTransaction tx, List<ArticleLog.Entry> entries) throws SQLException {
        int applied = 0;
        for (ArticleLog.Entry e : entries) {
            Savepoint sp = connection.setSavepoint();
            tx.beginTask();
            try {
                applied += one(tx, e) ? 1 : 0;
            } catch (RuntimeException ex) {
                connection.rollback(sp);
                tx.rollbackTask();
                log.warn("log replay: skipping a record that no longer applies: {}", ex.getMessage());
            }
        }
        return applied;
    }

    private static boolean one(WriteTransaction tx, ArticleLog.Entry e) throws SQLException {
        ArticleLog.Record r = e.record();
        if (r instanceof ArticleLog.StoreRecord s) {
            return Changes.replayStore(tx, s, e.wire());
        } else if (r instanceof ArticleLog.CreateGroupRecord c) {
            if (tx.group(c.name()) == null) {
                Changes.createGroup(tx, c);
                return true;
            }
        } else if (r instanceof ArticleLog.ChangeGroupRecord ch && tx.group(ch.name()) != null) {
            Changes.changeGroup(tx, ch);
            return true;
        } else if (r instanceof ArticleLog.RemoveGroupRecord rm && tx.group(rm.name()) != null) {
            Changes.removeGroup(tx, rm);
            return true;
        } else if (r instanceof ArticleLog.MoveRecord m) {
            return Changes.move(tx, m.articleId(), e.wire());
        } else if (r instanceof ArticleLog.RefileRecord f) {
            return Held.apply(tx, f, e.wire());
        } else if (r instanceof ArticleLog.CancelRecord x) {
            tx.cancels.apply(tx, x);
            return true;
        }
        return false;
    }
}
