package org.newsnode.storage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.newsnode.storage.db.CachedConnection;

/**
 * What a write task sees: the writer's connection (statements cached for the writer's life)
 * and the working copy of the groups, which becomes visible to readers only after commit.
 */
public final class WriteTransaction {
    private final CachedConnection connection;
    final Map<String, Group> groups;
    final Map<String, Group> dirtyGroups = new LinkedHashMap<>();
    final Map<String, Group> removedGroups = new LinkedHashMap<>();
    /** Undo log of the running task: group name to its state before the task (null = absent). */
    private final Map<String, Group> undo = new HashMap<>();
    private long undoArticleId;
    private int undoGroupId;
    long nextArticleId;
    int nextGroupId;
    long nextQueueSeq;
    /** Peers named in queue rows written by this batch (to wake their links after commit). */
    final java.util.Set<String> queuedPeers = new java.util.HashSet<>();
    /** Cancels and the ones waiting for their target (see {@link Cancels}). */
    final Cancels cancels = new Cancels();
    private final ArticleLog log;

    WriteTransaction(Connection connection, ArticleLog log, Map<String, Group> groups, long nextArticleId,
                     int nextGroupId) {
        this.connection = new CachedConnection(connection);
        this.log = log;
        this.groups = groups;
        this.nextArticleId = nextArticleId;
        this.nextGroupId = nextGroupId;
    }

    /** The article log the running batch appends to. */
    ArticleLog log() {
        return log;
    }

    public Connection connection() {
        return connection.connection();
    }

    /** A statement cached for the writer's life; do not close it. */
    public PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepare(sql);
    }

    /** The group as of this point in the batch, or null. */
    public Group group(String name) {
        return groups.get(name);
    }

    void beginTask() {
        undo.clear();
        undoArticleId = nextArticleId;
        undoGroupId = nextGroupId;
    }

    /** Restores the working state to what it was before the failed task. */
    void rollbackTask() {
        for (Map.Entry<String, Group> e : undo.entrySet()) {
            if (e.getValue() == null) {
                groups.remove(e.getKey());
                dirtyGroups.remove(e.getKey());
            } else {
                groups.put(e.getKey(), e.getValue());
            }
        }
        undo.clear();
        nextArticleId = undoArticleId;
        nextGroupId = undoGroupId;
    }

    private void remember(String name) {
        if (!undo.containsKey(name)) {
            undo.put(name, groups.get(name));
        }
    }

    long allocateQueueSeq() {
        return nextQueueSeq++;
    }

    long allocateArticleId() {
        return nextArticleId++;
    }

    int allocateGroupId() {
        return nextGroupId++;
    }

    /** The group with this id, or null (a cancel finds its target's groups by id; rare enough to walk them). */
    Group groupById(int id) {
        for (Group g : groups.values()) {
            if (g.id() == id) {
                return g;
            }
        }
        return null;
    }

    void putGroup(Group g) {
        remember(g.name());
        groups.put(g.name(), g);
        dirtyGroups.put(g.name(), g);
        removedGroups.remove(g.name());
    }

    void removeGroup(Group g) {
        remember(g.name());
        groups.remove(g.name());
        dirtyGroups.remove(g.name());
        removedGroups.put(g.name(), g);
    }

    /** Writes the batch's group counters once per batch rather than once per article. */
    void flushGroups() throws SQLException {
        if (dirtyGroups.isEmpty()) {
            return;
        }
        PreparedStatement ps = prepare(
                "UPDATE newsgroup SET low = ?, high = ?, article_count = ?, description = ?, status = ? WHERE id = ?");
        for (Group g : dirtyGroups.values()) {
            ps.setLong(1, g.low());
            ps.setLong(2, g.high());
            ps.setLong(3, g.count());
            ps.setString(4, g.description());
            ps.setString(5, String.valueOf(g.status()));
            ps.setInt(6, g.id());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** Records in the transaction how far the log is applied: a start replays from there. */
    void recordLogPosition(ArticleLog.Position p) throws SQLException {
        PreparedStatement ps = prepare("UPDATE store_state SET log_segment = ?, log_offset = ? WHERE id = 1");
        ps.setInt(1, p.segment());
        ps.setLong(2, p.offset());
        ps.executeUpdate();
    }
}
