package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as the writer finds it at start ({@link #start}): the log records past what the
 * database holds are applied again; after an unclean stop, first the rows past the last safe
 * point go (the replay makes them again, whole) and the group counters are recounted from the
 * rows, and afterwards articles found in no group are filed again from their log records.
 * Each repair says what it did; {@link #repairs} sums it up.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    private final Connection connection;
    private final ArticleLog log;
    private final List<String> fixed = new ArrayList<>();

    Recovery(Connection connection, ArticleLog log) {
        this.connection = connection;
        this.log = log;
    }

    /** The writer's transaction state after the start, whether the log was replayed, what was repaired (or null). */
    record Start(WriteTransaction tx, boolean replayed, String repairs) {
    }

    /**
     * Brings the database up to the log before the writer's first task; with {@code afterCrash}
     * (the last stop was not clean) the file is trusted only up to the safe point.
     */
    static Start start(Connection connection, ArticleLog log, boolean afterCrash) throws SQLException {
        Recovery recovery = new Recovery(connection, log);
        StoreState state = recovery.state();
        List<ArticleLog.Entry> entries;
        try {
            entries = log.readFrom(afterCrash ? state.safe() : state.applied());
        } catch (IOException e) {
            throw new SQLException("reading the article log: " + e.getMessage(), e);
        }
        if (afterCrash) {
            recovery.dropRowsPastSafePoint(state, entries);
            recovery.recountGroups(); // the replay counts on from the rows that are left, not from what a torn write said
        }
        // ids continue from the safe point, so the replay gives each article the id it had
        WriteTransaction tx = new WriteTransaction(connection, log, Group.loadAll(connection),
                Math.max(max(connection, "id", "article") + 1, state.nextArticle()), (int) max(connection, "id", "newsgroup") + 1);
        tx.nextQueueSeq = Math.max(max(connection, "seq", "peer_queue") + 1, state.nextQueueSeq());
        tx.cancels.load(connection);
        connection.commit();
        boolean replayed = replay(connection, tx, entries);
        if (afterCrash) {
            try {
                recovery.refileArticlesInNoGroup(tx);
            } catch (IOException e) {
                throw new SQLException("reading the article log: " + e.getMessage(), e);
            }
            recovery.fixCounters(tx);
        }
        return new Start(tx, replayed, recovery.repairs());
    }

    /**
     * Applies the log records past the position the database recorded (true when there were
     * any): after a crash these are the acknowledged changes H2 had not yet persisted.
     * Applied in order, they give the same numbers as the first time.
     */
    private static boolean replay(Connection connection, WriteTransaction tx, List<ArticleLog.Entry> entries)
            throws SQLException {
        if (entries.isEmpty()) {
            return false;
        }
        int applied = LogReplay.apply(connection, tx, entries);
        tx.flushGroups();
        tx.recordLogPosition(entries.get(entries.size() - 1).next());
        connection.commit();
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
        LOG.info("log replay: {} of {} logged changes were not yet in the database and were applied",
                applied, entries.size());
        return true;
    }

    /** What was repaired, or null when nothing was. */
    String repairs() {
        return fixed.isEmpty() ? null : String.join(", ", fixed);
    }

    /**
     * What the database says of the log: how far it is applied, and the last safe point with
     * the next article id and queue seq the writer would have given there.
     */
    record StoreState(ArticleLog.Position applied, ArticleLog.Position safe, long nextArticle, long nextQueueSeq) {
    }

    /** The largest value of a column (0 for an empty table): where ids and queue seqs go on from. */
    static long max(Connection connection, String column, String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    StoreState state() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT log_segment, log_offset, safe_segment, safe_offset, safe_article, "
                     + "safe_queue_seq FROM store_state WHERE id = 1")) {
            rs.next();
            return new StoreState(new ArticleLog.Position(rs.getInt(1), rs.getLong(2)),
                    new ArticleLog.Position(rs.getInt(3), rs.getLong(4)), rs.getLong(5), rs.getLong(6));
        }
    }

    /**
     * After an unclean stop H2's file holds every commit up to the safe point whole, and
     * after it anything: later commits, or part of one (H2 has been seen to come back from
     * kill -9 with a transaction half there). The article log is the truth: every row made
     * past the safe point goes — articles from its next id on, with their numbers and
     * history, queue rows from its next seq on, history of the records logged since — and
     * the replay that follows makes them again, whole, with the same ids and numbers.
     * Linear in what came after the safe point, not in the size of the store.
     */
    void dropRowsPastSafePoint(StoreState safe, List<ArticleLog.Entry> since) throws SQLException {
        long firstId = safe.nextArticle();
        int numbers;
        int history = 0;
        int articles;
        int queue;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM group_article WHERE article_id >= ?")) {
            ps.setLong(1, firstId);
            numbers = ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM history WHERE message_id IN "
                + "(SELECT message_id FROM article WHERE id >= ?) AND article_id >= ?")) {
            ps.setLong(1, firstId);
            ps.setLong(2, firstId);
            history += ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM history WHERE message_id = ? AND article_id >= ?")) {
            // a torn write may have kept an article's history without the article: found by the records since
            for (ArticleLog.Entry e : since) {
                if (e.record() instanceof ArticleLog.StoreRecord r) {
                    ps.setString(1, r.messageId());
                    ps.setLong(2, firstId);
                    history += ps.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM article WHERE id >= ?")) {
            ps.setLong(1, firstId);
            articles = ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM peer_queue WHERE seq >= ?")) {
            ps.setLong(1, safe.nextQueueSeq());
            queue = ps.executeUpdate();
        }
        connection.commit();
        if (articles + history + numbers + queue > 0) {
            fixed.add("rows written after the last safe point, made again from the article log: " + articles + " articles, "
                    + history + " history entries, " + numbers + " article numbers, " + queue + " queue rows");
        }
    }

    /**
     * The soak once found, after kill -9, stored articles whose numbers were gone (1 time in
     * about 200 kills; every acknowledged article was still there). Nothing is deleted for
     * that: each such article is filed again under the numbers its log record gives (where
     * that number is still free), found by reading its segment. Linear in the store (one
     * indexed check per article) and a no-op when all agree.
     */
    void refileArticlesInNoGroup(WriteTransaction tx) throws SQLException, IOException {
        Map<Integer, Map<Long, Long>> bySegment = new TreeMap<>(); // segment -> wire offset -> article id
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT a.id, a.segment, a.wire_offset FROM " + OrphanRows.ARTICLES_IN_NO_GROUP)) {
            while (rs.next()) {
                bySegment.computeIfAbsent(rs.getInt(2), k -> new HashMap<>()).put(rs.getLong(3), rs.getLong(1));
            }
        }
        if (bySegment.isEmpty()) {
            return;
        }
        int refiled = 0;
        int found = 0;
        for (var seg : bySegment.entrySet()) {
            for (ArticleLog.Entry e : log.readSegment(seg.getKey())) {
                Long id = seg.getValue().get(e.wire().offset());
                if (id != null && e.record() instanceof ArticleLog.StoreRecord r) {
                    found++;
                    refiled += Changes.refile(tx, id, r, e.wire()) ? 1 : 0;
                }
            }
        }
        tx.flushGroups();
        connection.commit();
        tx.dirtyGroups.clear();
        int orphans = bySegment.values().stream().mapToInt(Map::size).sum();
        LOG.error("store: {} stored articles had lost their group numbers; {} found in the log, {} filed again", orphans, found,
                refiled);
        fixed.add(refiled + " of " + orphans + " articles in no group filed again from the article log");
    }

    /** Group counters and water marks recomputed from the article numbers where they disagree. */
    void fixCounters(WriteTransaction tx) throws SQLException {
        int counters = recountGroups();
        if (counters > 0) {
            fixed.add(counters + " group counters");
        }
        tx.groups.clear(); // what the rows say now, whatever the replay counted on from
        tx.groups.putAll(Group.loadAll(connection));
    }

    /** Sets each group's counters and water marks from its article numbers where they disagree; how many changed. */
    int recountGroups() throws SQLException {
        int counters;
        try (Statement st = connection.createStatement()) {
            counters = st.executeUpdate("UPDATE newsgroup g SET "
                    + "high = GREATEST(high, COALESCE((SELECT MAX(number) FROM group_article ga WHERE ga.group_id = g.id), 0)), "
                    + "article_count = (SELECT COUNT(*) FROM group_article ga WHERE ga.group_id = g.id), "
                    + "low = COALESCE((SELECT MIN(number) FROM group_article ga WHERE ga.group_id = g.id), "
                    + "GREATEST(high, COALESCE((SELECT MAX(number) FROM group_article ga WHERE ga.group_id = g.id), 0)) + 1) "
                    + "WHERE article_count <> (SELECT COUNT(*) FROM group_article ga WHERE ga.group_id = g.id) "
                    + "OR high < COALESCE((SELECT MAX(number) FROM group_article ga WHERE ga.group_id = g.id), 0) "
                    + "OR low <> COALESCE((SELECT MIN(number) FROM group_article ga WHERE ga.group_id = g.id), low)");
        }
        connection.commit();
        return counters;
    }
}
