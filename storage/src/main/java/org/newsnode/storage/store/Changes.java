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

/**
 * The changes the writer makes, each a function of the working state and one journal
 * record, so that replaying the journal after a crash repeats them exactly (same numbers).
 */
final class Changes {
    private Changes() {
    }

    /** Creates a group; numbering continues after a removed group of the same name (RFC 3977 §6: numbers are never reused). */
    static Group createGroup(WriteTransaction tx, Journal.CreateGroupRecord r) throws SQLException {
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
    static Group removeGroup(WriteTransaction tx, Journal.RemoveGroupRecord r) throws SQLException {
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
        PreparedStatement row = tx.prepare("DELETE FROM newsgroup WHERE id = ?");
        row.setInt(1, g.id());
        row.executeUpdate();
        tx.removeGroup(g);
        return g;
    }

    /**
     * Stores an article in every carried group it names, with an Xref header naming its
     * numbers (RFC 5536 §3.2.14), its overview rows and its history row.
     */
    static StoreResult store(WriteTransaction tx, Article article, Journal.StoreRecord r) throws SQLException {
        PreparedStatement seen = tx.prepare("SELECT 1 FROM history WHERE message_id = ?");
        seen.setString(1, r.messageId());
        try (ResultSet rs = seen.executeQuery()) {
            if (rs.next()) {
                return new StoreResult(StoreResult.Outcome.DUPLICATE, r.messageId(), Map.of());
            }
        }
        List<Group> targets = new ArrayList<>();
        for (String name : r.groups()) {
            Group g = tx.group(name);
            if (g != null) {
                targets.add(g);
            }
        }
        if (targets.isEmpty()) {
            return new StoreResult(StoreResult.Outcome.NO_GROUPS, r.messageId(), Map.of());
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        StringBuilder xref = new StringBuilder(r.pathIdentity());
        for (Group g : targets) {
            long n = g.high() + 1;
            numbers.put(g.name(), n);
            xref.append(' ').append(g.name()).append(':').append(n);
        }
        Article stored = article.rewrite(List.of("Xref"), List.of(), List.of("Xref: " + xref));
        byte[] head = WireFormat.dotStuff(stored.raw(), 0, stored.bodyStart());
        byte[] body = WireFormat.dotStuff(stored.raw(), stored.bodyStart(), stored.size());
        byte[] wire = new byte[head.length + body.length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        long id = tx.allocateArticleId();
        PreparedStatement ins = tx.prepare("INSERT INTO article (id, message_id, wire, body_offset, arrived, posted, "
                + "distribution) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ins.setLong(1, id);
        ins.setString(2, r.messageId());
        ins.setBytes(3, wire);
        ins.setInt(4, head.length);
        ins.setLong(5, r.arrived());
        ins.setLong(6, r.postedSeconds());
        ins.setString(7, stored.header("Distribution"));
        ins.executeUpdate();
        byte[] overview = Overview.build(stored, xref.toString());
        PreparedStatement num = tx.prepare(
                "INSERT INTO group_article (group_id, number, article_id, overview) VALUES (?, ?, ?, ?)");
        for (Group g : targets) {
            num.setInt(1, g.id());
            num.setLong(2, numbers.get(g.name()));
            num.setLong(3, id);
            num.setBytes(4, overview);
            num.addBatch();
        }
        num.executeBatch();
        PreparedStatement hist = tx.prepare(
                "INSERT INTO history (message_id, state, arrived, posted, article_id) VALUES (?, 'A', ?, ?, ?)");
        hist.setString(1, r.messageId());
        hist.setLong(2, r.arrived());
        hist.setLong(3, r.postedSeconds());
        hist.setLong(4, id);
        hist.executeUpdate();
        for (Group g : targets) {
            long n = numbers.get(g.name());
            tx.putGroup(g.withNumbers(g.isEmpty() ? n : g.low(), n, g.count() + 1));
        }
        return new StoreResult(StoreResult.Outcome.ACCEPTED, r.messageId(), numbers);
    }
}
