package org.newsnode.storage.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels in the store (RFC 5537 §5.3): a target leaves every group it is in, its queue
 * entries and its row go, and history records it cancelled, so a late copy is refused as
 * a duplicate. A cancel that came before its target waits in pending_cancel (and in memory,
 * so an arriving article is checked without a query). Applied from a logged record, so a
 * replay after a crash repeats it.
 */
final class Cancels {
    /** Cancels waiting for their target, by target Message-ID (changed on the writer thread only). */
    private final Map<String, CancelOrder> pending = new ConcurrentHashMap<>();

    CancelOrder pending(String target) {
        return pending.get(target);
    }

    boolean anyPending() {
        return !pending.isEmpty();
    }

    /** Loads the waiting cancels (at open, on the writer's connection). */
    void load(java.sql.Connection c) throws SQLException {
        try (var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT target, cancel_id, cancel_keys, site FROM pending_cancel")) {
            while (rs.next()) {
                String keys = rs.getString(3);
                pending.put(rs.getString(1), new CancelOrder(rs.getString(1), rs.getString(2), false,
                        keys.isEmpty() ? List.of() : List.of(keys.split(" ")), rs.getString(4)));
            }
        }
    }

    /** Applies a cancel record in the writer's transaction. */
    CancelOrder.Outcome apply(WriteTransaction tx, ArticleLog.CancelRecord r) throws SQLException {
        CancelOrder o = r.order();
        PreparedStatement find = tx.prepare("SELECT state, article_id FROM history WHERE message_id = ?");
        find.setString(1, o.target());
        String state = null;
        long articleId = 0;
        try (ResultSet rs = find.executeQuery()) {
            if (rs.next()) {
                state = rs.getString(1);
                articleId = rs.getLong(2);
                if (rs.wasNull()) {
                    articleId = 0;
                }
            }
        }
        if (state != null && state.charAt(0) == HistoryState.ACCEPTED.code() && articleId != 0) {
            if (!o.authorised()) {
                return CancelOrder.Outcome.PRESENT;
            }
            remove(tx, articleId);
            setCancelled(tx, o.target());
            forget(tx, o.target());
            return CancelOrder.Outcome.REMOVED;
        }
        if (state != null) {
            forget(tx, o.target());
            return CancelOrder.Outcome.GONE;
        }
        if (o.authorised()) {
            PreparedStatement ins = tx.prepare("INSERT INTO history (message_id, state, arrived, posted, article_id) "
                    + "VALUES (?, 'C', ?, 0, NULL)");
            ins.setString(1, o.target());
            ins.setLong(2, r.arrived());
            ins.executeUpdate();
            forget(tx, o.target());
            return CancelOrder.Outcome.REMEMBERED;
        }
        PreparedStatement wait = tx.prepare("MERGE INTO pending_cancel (target, cancel_id, cancel_keys, site, arrived) "
                + "KEY (target) VALUES (?, ?, ?, ?, ?)");
        wait.setString(1, o.target());
        wait.setString(2, o.cancelId());
        wait.setString(3, String.join(" ", o.keys()));
        wait.setString(4, o.site());
        wait.setLong(5, r.arrived());
        wait.executeUpdate();
        pending.put(o.target(), o);
        return CancelOrder.Outcome.PENDING;
    }

    /** One of an article's numbers, read before the rows are deleted. */
    private record Filed(int groupId, long number) {
    }

    /** The article leaves its groups (low water marks and counts follow), its peers' queues, and the store. */
    private static void remove(WriteTransaction tx, long articleId) throws SQLException {
        PreparedStatement numbers = tx.prepare("SELECT group_id, number FROM group_article WHERE article_id = ?");
        numbers.setLong(1, articleId);
        List<Filed> filed = new ArrayList<>();
        try (ResultSet rs = numbers.executeQuery()) {
            while (rs.next()) {
                filed.add(new Filed(rs.getInt(1), rs.getLong(2)));
            }
        }
        PreparedStatement del = tx.prepare("DELETE FROM group_article WHERE group_id = ? AND number = ?");
        for (Filed f : filed) {
            del.setInt(1, f.groupId());
            del.setLong(2, f.number());
            del.executeUpdate();
            Group g = tx.groupById(f.groupId());
            if (g != null) {
                Changes.numbersRemoved(tx, g, 1);
            }
        }
        // its queue rows stay: a feed reading them finds no article and drops them (PeerQueues.page)
        PreparedStatement row = tx.prepare("DELETE FROM article WHERE id = ?");
        row.setLong(1, articleId);
        row.executeUpdate();
    }

    private static void setCancelled(WriteTransaction tx, String target) throws SQLException {
        PreparedStatement h = tx.prepare("UPDATE history SET state = 'C', article_id = NULL WHERE message_id = ?");
        h.setString(1, target);
        h.executeUpdate();
    }

    /** The target's waiting cancel, if any, is resolved. */
    private void forget(WriteTransaction tx, String target) throws SQLException {
        if (pending.remove(target) != null) {
            PreparedStatement d = tx.prepare("DELETE FROM pending_cancel WHERE target = ?");
            d.setString(1, target);
            d.executeUpdate();
        }
    }

    /** Waiting cancels older than {@code before} (the remember window) are dropped, as history forgets. */
    void purge(WriteTransaction tx, long before) throws SQLException {
        PreparedStatement old = tx.prepare("SELECT target FROM pending_cancel WHERE arrived < ?");
        old.setLong(1, before);
        List<String> gone = new ArrayList<>();
        try (ResultSet rs = old.executeQuery()) {
            while (rs.next()) {
                gone.add(rs.getString(1));
            }
        }
        for (String t : gone) {
            forget(tx, t);
        }
    }
}
