package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.config.ExpiryPolicy;

/**
 * Expiry (INN's expire): takes articles out of their groups when the group's retention has
 * passed — or, when the article has an Expires header, at that time held within the
 * policy's bounds — moving each group's low water mark (numbers are never reused); deletes
 * articles that are in no group any more, keeping their Message-IDs in history (state E)
 * for the remember window, after which history forgets them and refused IDs; and gives disk
 * back by deleting article log segments that no article uses any more. Each group is one
 * transaction through the writer, so ingest goes on between them.
 */
final class Expiry {
    /** What a run did (or, dry, would do). */
    record Report(int groups, long rowsRemoved, long articlesRemoved, long historyPurged, int segmentsDeleted,
                  long bytesFreed) {
    }

    /** Called after each group with (groups done, groups in all, rows removed so far). */
    @FunctionalInterface
    interface Progress {
        void step(int done, int total, long rowsRemoved);
    }

    private Expiry() {
    }

    static Report run(Storage storage, StoreWriter writer, ExpiryPolicy policy, long now, boolean dry, Progress progress)
            throws SQLException, IOException {
        List<Group> groups = new ArrayList<>(storage.groups());
        long rows = 0;
        int done = 0;
        for (Group g : groups) {
            Duration keep = policy.retention(g.name());
            long cutoff = keep == null ? Long.MIN_VALUE : now - keep.toMillis();
            rows += writer.submit(tx -> expireGroup(tx, g.name(), cutoff, now, policy, dry)).join();
            progress.step(++done, groups.size(), rows);
        }
        long articles = writer.submit(tx -> dropOrphans(tx, dry)).join();
        long purged = writer.submit(tx -> purgeHistory(tx, now - policy.remember().toMillis(), dry)).join();
        long[] segments = dry ? new long[] {0, 0} : writer.dropUnusedSegments();
        return new Report(groups.size(), rows, articles, purged, (int) segments[0], segments[1]);
    }

    private static long expireGroup(WriteTransaction tx, String name, long cutoff, long now, ExpiryPolicy policy,
                                    boolean dry) throws SQLException {
        Group g = tx.group(name);
        if (g == null || g.isEmpty()) {
            return 0;
        }
        long min = policy.expiresMin().toMillis();
        long max = policy.expiresMax().toMillis();
        // Expires, held within [arrived + min, arrived + max], overrides the group's retention
        PreparedStatement find = tx.prepare("SELECT ga.number FROM group_article ga JOIN article a ON a.id = ga.article_id "
                + "WHERE ga.group_id = ? AND CASE WHEN a.expires IS NULL THEN a.arrived < ? "
                + "ELSE LEAST(GREATEST(a.expires, a.arrived + ?), a.arrived + ?) < ? END");
        find.setInt(1, g.id());
        find.setLong(2, cutoff);
        find.setLong(3, min);
        find.setLong(4, max);
        find.setLong(5, now);
        List<Long> numbers = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
            while (rs.next()) {
                numbers.add(rs.getLong(1));
            }
        }
        if (numbers.isEmpty() || dry) {
            return numbers.size();
        }
        PreparedStatement del = tx.prepare("DELETE FROM group_article WHERE group_id = ? AND number = ?");
        for (long n : numbers) {
            del.setInt(1, g.id());
            del.setLong(2, n);
            del.addBatch();
        }
        del.executeBatch();
        PreparedStatement low = tx.prepare("SELECT MIN(number) FROM group_article WHERE group_id = ?");
        low.setInt(1, g.id());
        long newLow;
        try (ResultSet rs = low.executeQuery()) {
            rs.next();
            newLow = rs.getLong(1);
            if (rs.wasNull()) {
                newLow = g.high() + 1; // RFC 3977 §6.1.1.2: an empty group reports low = high + 1
            }
        }
        tx.putGroup(g.withNumbers(newLow, g.high(), g.count() - numbers.size()));
        return numbers.size();
    }

    private static long dropOrphans(WriteTransaction tx, boolean dry) throws SQLException {
        String orphan = "NOT EXISTS (SELECT 1 FROM group_article ga WHERE ga.article_id = a.id)";
        if (dry) {
            try (Statement st = tx.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM article a WHERE " + orphan)) {
                rs.next();
                return rs.getLong(1);
            }
        }
        tx.prepare("UPDATE history SET state = 'E', article_id = NULL WHERE article_id IN (SELECT a.id FROM article a WHERE "
                + orphan + ")").executeUpdate();
        if (tx.prepare("DELETE FROM peer_queue q WHERE q.article_id IN (SELECT a.id FROM article a WHERE " + orphan + ")")
                .executeUpdate() > 0) {
            tx.queueBound.recount(tx);
        }
        return tx.prepare("DELETE FROM article a WHERE " + orphan).executeUpdate();
    }

    /** RFC 5537 §3.4 / INN's remember: IDs of gone or refused articles are forgotten after the window. */
    private static long purgeHistory(WriteTransaction tx, long before, boolean dry) throws SQLException {
        PreparedStatement ps = tx.prepare(dry ? "SELECT COUNT(*) FROM history WHERE state <> 'A' AND arrived < ?"
                : "DELETE FROM history WHERE state <> 'A' AND arrived < ?");
        ps.setLong(1, before);
        if (!dry) {
            return ps.executeUpdate();
        }
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
