package org.newsnode.storage.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.WireFormat;
import org.newsnode.storage.config.PeerConfig;

/**
 * The changes the writer makes. Each is appended to the article log as a record and applied
 * to the database from that record, so that replaying the log after a crash repeats it
 * exactly (same numbers, same groups).
 */
final class Changes {
    private Changes() {
    }

    /** Creates a group; numbering continues after a removed group of the same name (RFC 3977 §6: numbers are never reused). */
    static Group createGroup(WriteTransaction tx, ArticleLog.CreateGroupRecord r) throws SQLException {
        if (tx.group(r.name()) != null) {
            throw new IllegalArgumentException("group " + r.name() + " already exists");
        }
        long high = 0;
        PreparedStatement retired = tx.prepare("SELECT high FROM retired_group WHERE name = ?");
        retired.setString(1, r.name());
        try (ResultSet rs = retired.executeQuery()) {
            if (rs.next()) {
                high = rs.getLong(1);
            }
        }
        Group g = new Group(tx.allocateGroupId(), r.name(), r.description() == null ? "" : r.description(), r.status(),
                high + 1, high, 0, r.created(), r.creator());
        PreparedStatement ps = tx.prepare("INSERT INTO newsgroup (id, name, description, status, low, high, "
                + "article_count, created, creator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setInt(1, g.id());
        ps.setString(2, g.name());
        ps.setString(3, g.description());
        ps.setString(4, String.valueOf(g.status()));
        ps.setLong(5, g.low());
        ps.setLong(6, g.high());
        ps.setLong(7, 0);
        ps.setLong(8, g.createdMillis());
        ps.setString(9, g.creator());
        ps.executeUpdate();
        tx.putGroup(g);
        return g;
    }

    /**
     * Removes a group and its numbers; articles left in no group are deleted and their
     * Message-IDs stay in history (state E) so they are not taken again.
     */
    /** Sets a group's description and status (LIST ACTIVE, NEWSGROUPS follow); its numbers and articles stay. */
    static Group changeGroup(WriteTransaction tx, ArticleLog.ChangeGroupRecord r) {
        Group g = tx.group(r.name());
        if (g == null) {
            throw new IllegalArgumentException("no such group " + r.name());
        }
        Group changed = g.withInfo(r.description(), r.status());
        tx.putGroup(changed); // written with the batch's group rows
        return changed;
    }

    static Group removeGroup(WriteTransaction tx, ArticleLog.RemoveGroupRecord r) throws SQLException {
        Group g = tx.group(r.name());
        if (g == null) {
            throw new IllegalArgumentException("no such group " + r.name());
        }
        PreparedStatement retire = tx.prepare("MERGE INTO retired_group (name, high) KEY (name) VALUES (?, ?)");
        retire.setString(1, g.name());
        retire.setLong(2, g.high());
        retire.executeUpdate();
        PreparedStatement numbers = tx.prepare("DELETE FROM group_article WHERE group_id = ?");
        numbers.setInt(1, g.id());
        numbers.executeUpdate();
        tx.prepare("UPDATE history SET state = 'E', article_id = NULL WHERE article_id IN (SELECT a.id FROM article a "
                + "WHERE NOT EXISTS (SELECT 1 FROM group_article ga WHERE ga.article_id = a.id))").executeUpdate();
        tx.prepare("DELETE FROM article a WHERE NOT EXISTS (SELECT 1 FROM group_article ga WHERE ga.article_id = a.id)")
                .executeUpdate();
        tx.prepare("DELETE FROM " + OrphanRows.QUEUE_WITHOUT_ARTICLE).executeUpdate();
        PreparedStatement row = tx.prepare("DELETE FROM newsgroup WHERE id = ?");
        row.setInt(1, g.id());
        row.executeUpdate();
        tx.removeGroup(g);
        return g;
    }

    /**
     * Stores an article in every carried group it names, with an Xref header naming its
     * numbers (RFC 5536 §3.2.14), its overview rows and its history row; its bytes go to the
     * article log. The article was prepared outside the writer ({@link PreparedArticle}).
     */
    static StoreResult store(WriteTransaction tx, PreparedArticle article, String messageId, List<String> newsgroups,
                             long postedSeconds, String pathIdentity, long arrived, List<PeerConfig> peers,
                             java.util.Set<String> sentBy, List<CancelOrder> cancels, long now) throws SQLException {
        Map<String, Long> numbers = new LinkedHashMap<>();
        StringBuilder xref = new StringBuilder(pathIdentity);
        if (newsgroups.contains(Held.JUNK) && newsgroups.stream().anyMatch(n -> !n.equals(Held.JUNK) && tx.group(n) != null)) {
            // held at the door, but its group was created meanwhile (this batch): filed there, not in junk
            newsgroups = newsgroups.stream().filter(n -> !n.equals(Held.JUNK)).toList();
        }
        for (String name : newsgroups) {
            Group g = tx.group(name);
            if (g != null && !numbers.containsKey(name)) {
                numbers.put(name, g.high() + 1);
                xref.append(' ').append(name).append(':').append(g.high() + 1);
            }
        }
        if (numbers.isEmpty()) {
            return new StoreResult(inHistory(tx, messageId) ? StoreResult.Outcome.DUPLICATE : StoreResult.Outcome.NO_GROUPS,
                    messageId, Map.of());
        }
        // the history row first: its key is the duplicate check (RFC 5537 §3.4), one insert instead of a lookup and an insert
        if (!insertHistory(tx, messageId, arrived, postedSeconds, tx.nextArticleId)) {
            return new StoreResult(StoreResult.Outcome.DUPLICATE, messageId, Map.of());
        }
        PreparedArticle.Stored stored = article.withXref(xref.toString());
        var record = new ArticleLog.StoreRecord(messageId, postedSeconds, arrived, article.expires, article.distribution,
                numbers, feedTo(article.newsgroups, article.path, article.distribution, stored.wire().length, peers, sentBy),
                stored.overview(), stored.bodyOffset(), stored.wire());
        insertRows(tx, record, tx.log().append(record), false);
        Map<String, CancelOrder.Outcome> done = Map.of();
        if (!cancels.isEmpty()) {
            done = new LinkedHashMap<>();
            for (CancelOrder o : cancels) {
                var x = new ArticleLog.CancelRecord(o, now);
                tx.log().append(x); // after the article's record: a replay stores the cancel, then applies it
                done.put(o.target(), tx.cancels.apply(tx, x));
            }
        }
        // a cancel that came first waits for this article: the caller checks it now (RFC 8315 §3.5)
        boolean waiting = tx.cancels.anyPending() && tx.cancels.pending(messageId) != null;
        return new StoreResult(StoreResult.Outcome.ACCEPTED, messageId, numbers, done, waiting);
    }

    /**
     * The peers to offer a new article to (INN's newsfeeds rules): those whose groups
     * pattern wants it, whose distributions and size limit it fits, whose path identity is
     * not in Path (they have it), and that did not send it to us themselves (seen-by).
     */
    static List<String> feedTo(List<String> groups, String path, String distribution, int size, List<PeerConfig> peers,
                               java.util.Set<String> sentBy) {
        List<String> to = new ArrayList<>();
        for (PeerConfig p : peers) {
            if (sentBy.contains(p.name()) || p.inPath(path)
                    || (p.maxSize() > 0 && size > p.maxSize()) || groups == null || !p.groups().wants(groups)
                    || !p.takesDistribution(distribution)) {
                continue;
            }
            to.add(p.name());
        }
        return to;
    }

    /**
     * Points an article's rows at a new copy of its wire bytes (compaction); false when the
     * article is gone meanwhile (the copy is then simply unused).
     */
    static boolean move(WriteTransaction tx, long articleId, ArticleLog.Position wire) throws SQLException {
        PreparedStatement a = tx.prepare("UPDATE article SET segment = ?, wire_offset = ? WHERE id = ?");
        a.setInt(1, wire.segment());
        a.setLong(2, wire.offset());
        a.setLong(3, articleId);
        if (a.executeUpdate() == 0) {
            return false;
        }
        PreparedStatement ga = tx.prepare("UPDATE group_article SET segment = ?, wire_offset = ? WHERE article_id = ?");
        ga.setInt(1, wire.segment());
        ga.setLong(2, wire.offset());
        ga.setLong(3, articleId);
        ga.executeUpdate();
        return true;
    }

    /** Applies a logged article again after a crash; false when the database already had it. */
    static boolean replayStore(WriteTransaction tx, ArticleLog.StoreRecord r, ArticleLog.Position wire)
            throws SQLException {
        if (inHistory(tx, r.messageId())) {
            return false;
        }
        insertRows(tx, r, wire, true);
        return true;
    }

    private static boolean inHistory(WriteTransaction tx, String messageId) throws SQLException {
        PreparedStatement seen = tx.prepare("SELECT 1 FROM history WHERE message_id = ?");
        seen.setString(1, messageId);
        try (ResultSet rs = seen.executeQuery()) {
            return rs.next();
        }
    }

    /** Inserts an ID's history row as accepted; false when history has the ID already (the key exists). */
    private static boolean insertHistory(WriteTransaction tx, String messageId, long arrived, long postedSeconds, long id)
            throws SQLException {
        PreparedStatement hist = tx.prepare(
                "INSERT INTO history (message_id, state, arrived, posted, article_id) VALUES (?, 'A', ?, ?, ?)");
        hist.setString(1, messageId);
        hist.setLong(2, arrived);
        hist.setLong(3, postedSeconds);
        hist.setLong(4, id);
        try {
            hist.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false; // H2 undid only the statement: the batch goes on
            }
            throw e;
        }
    }

    /** SQLSTATE of a unique or primary key violation. */
    private static final String DUPLICATE_KEY = "23505";

    /** The article's rows; its history row too when {@code withHistory} (a replay: {@link #store} wrote it first). */
    private static void insertRows(WriteTransaction tx, ArticleLog.StoreRecord r, ArticleLog.Position wire, boolean withHistory)
            throws SQLException {
        long id = tx.allocateArticleId();
        PreparedStatement ins = tx.prepare("INSERT INTO article (id, message_id, segment, wire_offset, wire_length, "
                + "body_offset, arrived, posted, distribution, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.setLong(1, id);
        ins.setString(2, r.messageId());
        ins.setInt(3, wire.segment());
        ins.setLong(4, wire.offset());
        ins.setInt(5, r.wire().length);
        ins.setInt(6, r.bodyOffset());
        ins.setLong(7, r.arrived());
        ins.setLong(8, r.postedSeconds());
        ins.setString(9, r.distribution());
        if (r.expires() == 0) {
            ins.setNull(10, java.sql.Types.BIGINT);
        } else {
            ins.setLong(10, r.expires());
        }
        ins.executeUpdate();
        PreparedStatement num = numberInsert(tx);
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, Long> e : r.numbers().entrySet()) {
            Group g = tx.group(e.getKey());
            if (g == null) {
                continue; // only in a replay whose group is gone again: nothing to file it under
            }
            groups.add(g);
            setNumber(num, g, e.getValue(), id, r, wire.segment(), wire.offset());
            num.addBatch();
        }
        num.executeBatch();
        if (withHistory && !insertHistory(tx, r.messageId(), r.arrived(), r.postedSeconds(), id)) {
            throw new SQLException("history already holds " + r.messageId()); // replayStore looked first
        }
        for (Group g : groups) {
            counted(tx, g, r.numbers().get(g.name()));
        }
        if (!r.queuedFor().isEmpty()) {
            PreparedStatement q = tx.prepare(
                    "INSERT INTO peer_queue (peer, seq, article_id, message_id, queued) VALUES (?, ?, ?, ?, ?)");
            for (String peer : r.queuedFor()) {
                q.setString(1, peer);
                q.setLong(2, tx.allocateQueueSeq());
                q.setLong(3, id);
                q.setString(4, r.messageId());
                q.setLong(5, r.arrived());
                q.addBatch();
                tx.queuedPeers.add(peer);
            }
            q.executeBatch();
        }
    }

    /**
     * The group's low water mark and count once {@code removed} of its numbers are gone
     * (expiry, a cancel); numbers are never reused, so high stays.
     */
    static void numbersRemoved(WriteTransaction tx, Group g, int removed) throws SQLException {
        long newLow = g.high() + 1; // RFC 3977 §6.1.1.2: an empty group reports low = high + 1
        PreparedStatement lowest = tx.prepare(LOWEST);
        lowest.setInt(1, g.id());
        try (ResultSet rs = lowest.executeQuery()) {
            if (rs.next()) {
                newLow = rs.getLong(1);
            }
        }
        tx.putGroup(g.withNumbers(newLow, g.high(), g.count() - removed));
    }

    /** A group's lowest number: the first entry of its key range (QueryPlanTest), not a scan of the group. */
    static final String LOWEST = "SELECT number FROM group_article WHERE group_id = ? ORDER BY group_id, number LIMIT 1";

    /** The group's counters and water marks once article number {@code n} is filed in it. */
    static void counted(WriteTransaction tx, Group g, long n) {
        tx.putGroup(g.withNumbers(g.isEmpty() ? n : Math.min(g.low(), n), Math.max(g.high(), n), g.count() + 1));
    }

    static PreparedStatement numberInsert(WriteTransaction tx) throws SQLException {
        return tx.prepare("INSERT INTO group_article (group_id, number, article_id, message_id, "
                + "segment, wire_offset, wire_length, body_offset, overview) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    private static void setNumber(PreparedStatement num, Group g, long number, long id, ArticleLog.StoreRecord r, int segment,
                                  long offset) throws SQLException {
        num.setInt(1, g.id());
        num.setLong(2, number);
        num.setLong(3, id);
        num.setString(4, r.messageId());
        num.setInt(5, segment);
        num.setLong(6, offset);
        num.setInt(7, r.wire().length);
        num.setInt(8, r.bodyOffset());
        num.setBytes(9, r.overview());
    }

    /**
     * Files an article that is in no group again under the numbers of its log record, each
     * where that number is still free. True when at least one number was filed.
     */
    static boolean refile(WriteTransaction tx, long id, ArticleLog.StoreRecord r, ArticleLog.Position wire) throws SQLException {
        boolean any = false;
        PreparedStatement taken = tx.prepare("SELECT 1 FROM group_article WHERE group_id = ? AND number = ?");
        for (Map.Entry<String, Long> e : r.numbers().entrySet()) {
            Group g = tx.group(e.getKey());
            if (g == null) {
                continue;
            }
            taken.setInt(1, g.id());
            taken.setLong(2, e.getValue());
            boolean busy;
            try (ResultSet rs = taken.executeQuery()) {
                busy = rs.next();
            }
            if (busy) {
                continue;
            }
            PreparedStatement num = numberInsert(tx);
            setNumber(num, g, e.getValue(), id, r, wire.segment(), wire.offset());
            num.executeUpdate();
            counted(tx, g, e.getValue());
            any = true;
        }
        return any;
    }
}
