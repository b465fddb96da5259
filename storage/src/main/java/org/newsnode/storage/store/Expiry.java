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
import org.newsnode.storage.db.CachedConnection;

/**
 * Expiry (INN's expire): takes articles out of their groups when the group's retention has
 * passed — or, when the article has an Expires header, at that time held within the
 * policy's bounds — moving each group's low water mark (numbers are never reused); deletes
 * articles that are in no group any more, keeping their Message-IDs in history (state E)
 * for the remember window, after which history forgets them and refused IDs; and gives disk
 * back by deleting article log segments that no article uses any more. Every scan runs on a
 * read connection; the writer only removes what a scan found, {@link #BATCH} rows per
 * transaction, so ingest goes on between them however large the store (a scan of a million
 * rows on the writer held every session's 239 for seconds).
 */
final class Expiry {
    /** What a run did (or, dry, would do: see ExpiryForecast). */
    record Report(int groups, long rowsRemoved, long articlesRemoved, long historyPurged, int segmentsCompacted,
                  long articlesMoved, int segmentsDeleted, long bytesFreed) {
    }

    /** A sealed segment whose live articles fill less than this share of it is compacted. */
    static final double COMPACT_BELOW = 0.5;
    /** Rows removed per writer transaction (each one a few milliseconds), so ingest goes on in between. */
    static final int BATCH = 1_000;
    /** Octets copied per compaction transaction, so ingest goes on in between. */
    private static final long MOVE_BATCH_BYTES = 8L << 20;

    /** Called after each group with (groups done, groups in all, rows removed so far). */
    @FunctionalInterface
    interface Progress {
        void step(int done, int total, long rowsRemoved);
    }

    private Expiry() {
    }

    static Report run(Storage storage, StoreWriter writer, ExpiryPolicy policy, long now, boolean dry, Progress progress)
            throws SQLException, IOException {
        if (dry) {
            return ExpiryForecast.run(storage, writer, policy, now, progress);
        }
        List<Group> groups = new ArrayList<>(storage.groups());
        long rows = 0;
        int done = 0;
        for (Group g : groups) {
            long cutoff = cutoff(policy, g.name(), now);
            List<Long> numbers = storage.read(c -> expiringNumbers(c, g.id(), cutoff, now, policy));
            for (List<Long> batch : batches(numbers)) {
                rows += writer.submit(tx -> removeNumbers(tx, g, batch)).join();
            }
            progress.step(++done, groups.size(), rows);
        }
        long articles = 0;
        for (List<Orphan> batch : batches(storage.read(Expiry::orphans))) {
            articles += writer.submit(tx -> dropOrphans(tx, batch)).join();
        }
        for (List<QueueRow> batch : batches(storage.read(Expiry::deadQueueRows))) {
            writer.submit(tx -> dropQueueRows(tx, batch)).join();
        }
        long purged = writer.submit(tx -> purgeHistory(tx, now - policy.remember().toMillis())).join();
        List<Integer> sparse = storage.read(c -> sparseSegments(c, writer.articleLog()));
        long moved = 0;
        for (int seg : sparse) {
            moved += compact(storage, writer, seg);
        }
        UnusedSegments.Dropped segments = UnusedSegments.drop(storage, writer);
        return new Report(groups.size(), rows, articles, purged, sparse.size(), moved, segments.segments(), segments.bytes());
    }

    /**
     * Sealed segments that still hold articles but whose live bytes fill less than
     * {@link #COMPACT_BELOW} of them: with groups of different retention, a segment would
     * otherwise stay for its longest-kept article.
     */
    private static List<Integer> sparseSegments(CachedConnection c, ArticleLog log) throws SQLException {
        List<Integer> out = new ArrayList<>();
        int current = log.currentSegment();
        try (Statement st = c.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT segment, SUM(wire_length) FROM article GROUP BY segment ORDER BY segment")) {
            while (rs.next()) {
                int seg = rs.getInt(1);
                try {
                    if (seg < current && rs.getLong(2) < COMPACT_BELOW * log.segmentSize(seg)) {
                        out.add(seg);
                    }
                } catch (IOException e) {
                    throw new SQLException("article log segment " + seg + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /**
     * Copies the articles still in a segment to the end of the log, a few megabytes per
     * transaction; each copy is a logged record, so a crash mid-way replays it. The emptied
     * segment is then deleted with the unused ones. The segment's articles are listed once,
     * outside the writer (article.segment has no index: ingest should not pay for one).
     */
    private static long compact(Storage storage, StoreWriter writer, int segment) {
        List<LoggedBytes> rows = storage.read(c -> articlesIn(c, segment));
        long moved = 0;
        int i = 0;
        while (i < rows.size()) {
            int from = i;
            long bytes = 0;
            while (i < rows.size() && (i == from || bytes < MOVE_BATCH_BYTES)) {
                bytes += rows.get(i).length();
                i++;
            }
            List<LoggedBytes> batch = rows.subList(from, i);
            moved += writer.submit(tx -> {
                long count = 0;
                for (LoggedBytes r : batch) {
                    byte[] wire;
                    try {
                        wire = tx.log().read(segment, r.offset(), r.length());
                    } catch (IOException e) {
                        throw new SQLException("reading article log segment " + segment + ": " + e.getMessage(), e);
                    }
                    var record = new ArticleLog.MoveRecord(r.articleId(), wire);
                    count += Changes.move(tx, r.articleId(), tx.log().append(record)) ? 1 : 0; // gone meanwhile: nothing to point
                }
                return count;
            }).join();
        }
        return moved;
    }

    /**
     * SQL true when article {@code a}'s row in a group with retention cutoff {@code cutoff}
     * expires: Expires, held within [arrived + min, arrived + max], overrides the group's
     * retention. Three parameters follow the cutoff: see {@link #setBounds}.
     */
    static String expiring(String cutoff) {
        return "CASE WHEN a.expires IS NULL THEN a.arrived < " + cutoff
                + " ELSE LEAST(GREATEST(a.expires, a.arrived + ?), a.arrived + ?) < ? END";
    }

    /** Sets {@link #expiring}'s three parameters from {@code index} on; returns the next index. */
    static int setBounds(PreparedStatement ps, int index, ExpiryPolicy policy, long now) throws SQLException {
        ps.setLong(index, policy.expiresMin().toMillis());
        ps.setLong(index + 1, policy.expiresMax().toMillis());
        ps.setLong(index + 2, now);
        return index + 3;
    }

    /** The retention cutoff of a group: articles that arrived before it expire. */
    static long cutoff(ExpiryPolicy policy, String group, long now) {
        Duration keep = policy.retention(group);
        return keep == null ? Long.MIN_VALUE : now - keep.toMillis();
    }

    /** Splits what a scan found into the writer's transactions. */
    static <T> List<List<T>> batches(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        return out;
    }

    /** The numbers of a group whose articles expire (a read: the whole group is looked at). */
    private static List<Long> expiringNumbers(CachedConnection c, int groupId, long cutoff, long now, ExpiryPolicy policy)
            throws SQLException {
        PreparedStatement find = c.prepare("SELECT ga.number FROM group_article ga JOIN article a ON a.id = ga.article_id "
                + "WHERE ga.group_id = ? AND " + expiring("?"));
        find.setInt(1, groupId);
        find.setLong(2, cutoff);
        setBounds(find, 3, policy, now);
        return list(find, rs -> rs.getLong(1));
    }

    /**
     * Takes expired numbers out of their group: numbers are never reused, so a number found
     * expiring still names the same article; one a cancel took meanwhile is simply not there.
     */
    private static long removeNumbers(WriteTransaction tx, Group scanned, List<Long> numbers) throws SQLException {
        Group g = tx.group(scanned.name());
        if (g == null || g.id() != scanned.id()) {
            return 0; // the group was removed (or made anew) since the scan
        }
        PreparedStatement del = tx.prepare("DELETE FROM group_article WHERE group_id = ? AND number = ?");
        for (long n : numbers) {
            del.setInt(1, g.id());
            del.setLong(2, n);
            del.addBatch();
        }
        int removed = 0;
        for (int count : del.executeBatch()) {
            removed += count > 0 ? 1 : 0;
        }
        if (removed > 0) {
            Changes.numbersRemoved(tx, g, removed);
        }
        return removed;
    }

    /** An article in no group, to be deleted (its ID stays in history as expired). */
    record Orphan(long id, String messageId) {
    }

    /** One result row as a record. */
    @FunctionalInterface
    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** Every row a read finds, as records. */
    private static <T> List<T> list(PreparedStatement ps, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row.of(rs));
            }
        }
        return out;
    }

    /** Where an article's bytes are in a log segment. */
    record LoggedBytes(long articleId, long offset, int length) {
    }

    /** The articles whose wire bytes are in a log segment, in log order (a read, for compaction). */
    static List<LoggedBytes> articlesIn(CachedConnection c, int segment) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT id, wire_offset, wire_length FROM article WHERE segment = ? ORDER BY wire_offset");
        ps.setInt(1, segment);
        return list(ps, rs -> new LoggedBytes(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
    }

    /** Articles in no group (a read: every article is looked at). */
    private static List<Orphan> orphans(CachedConnection c) throws SQLException {
        return list(c.prepare("SELECT a.id, a.message_id FROM " + OrphanRows.ARTICLES_IN_NO_GROUP),
                rs -> new Orphan(rs.getLong(1), rs.getString(2)));
    }

    /**
     * Deletes articles a scan found in no group. An article never gains a group again once it
     * has none (a new one comes with its numbers in one transaction); the look at the index is
     * for certainty. History keeps each ID as expired (state E), found by its key.
     */
    private static long dropOrphans(WriteTransaction tx, List<Orphan> orphans) throws SQLException {
        PreparedStatement filed = tx.prepare("SELECT 1 FROM group_article WHERE article_id = ? LIMIT 1");
        PreparedStatement history = tx.prepare("UPDATE history SET state = 'E', article_id = NULL WHERE message_id = ? "
                + "AND article_id = ?");
        PreparedStatement delete = tx.prepare("DELETE FROM article WHERE id = ?");
        long deleted = 0;
        for (Orphan o : orphans) {
            filed.setLong(1, o.id());
            try (ResultSet rs = filed.executeQuery()) {
                if (rs.next()) {
                    continue;
                }
            }
            history.setString(1, o.messageId());
            history.setLong(2, o.id());
            history.executeUpdate();
            delete.setLong(1, o.id());
            deleted += delete.executeUpdate();
        }
        return deleted;
    }

    /** A peer's queue row, by its key. */
    record QueueRow(String peer, long seq) {
    }

    /** Queue rows whose article is in no group or gone (expired, cancelled): nothing is left to offer. */
    private static List<QueueRow> deadQueueRows(CachedConnection c) throws SQLException {
        return list(c.prepare("SELECT q.peer, q.seq FROM peer_queue q WHERE NOT EXISTS "
                + "(SELECT 1 FROM group_article ga WHERE ga.article_id = q.article_id)"), rs -> new QueueRow(rs.getString(1), rs.getLong(2)));
    }

    private static Void dropQueueRows(WriteTransaction tx, List<QueueRow> rows) throws SQLException {
        PreparedStatement del = tx.prepare("DELETE FROM peer_queue WHERE peer = ? AND seq = ?");
        for (QueueRow r : rows) {
            del.setString(1, r.peer());
            del.setLong(2, r.seq());
            del.addBatch();
        }
        del.executeBatch();
        return null;
    }

    /** RFC 5537 §3.4 / INN's remember: IDs of gone or refused articles are forgotten after the window. */
    private static long purgeHistory(WriteTransaction tx, long before) throws SQLException {
        tx.cancels.purge(tx, before); // a cancel waits for its target as long as history remembers
        PreparedStatement ps = tx.prepare("DELETE FROM history WHERE state <> 'A' AND arrived < ?");
        ps.setLong(1, before);
        return ps.executeUpdate();
    }
}
