package org.newsnode.storage.store;

import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The peers' queues, INN's batch files and innfeed's backlog in one table: a row per
 * article and peer it is still to be offered to, in the order queued (seq), read a page at a
 * time (one query, which also says where each article's bytes are), removed once the peer
 * answered for good. Rows are added by the store's writer in the article's own transaction.
 */
public final class PeerQueues {
    private final Storage storage;

    PeerQueues(Storage storage) {
        this.storage = storage;
    }

    /*
     * Paged by the whole key in ORDER BY (peer, seq): H2 then walks the index and stops at
     * LIMIT (QueryPlanTest).
     */
    /** A page of a peer's queue after a seq. */
    static final String PAGE = "SELECT q.seq, q.message_id, q.article_id, a.segment, a.wire_offset, a.wire_length, "
            + "a.body_offset FROM peer_queue q LEFT JOIN article a ON a.id = q.article_id "
            + "WHERE q.peer = ? AND q.seq > ? ORDER BY q.peer, q.seq LIMIT ?";
    /**
     * An article waiting in a peer's queue, with where its bytes were when the row was read
     * (segment -1: the article is gone), so a window of offers costs one query.
     */
    public record Queued(long seq, String messageId, long articleId, int segment, long wireOffset, int wireLength,
                         int bodyOffset) {
    }

    /**
     * A queued article's bytes, read from the log where the queue read found them (the page
     * is read just before its offers; the next page read finds an article removed since gone,
     * so at most that one window may still offer it); when its segment was compacted away
     * since, the article row says where; null when it is gone.
     */
    public StoredArticle article(Queued q) {
        if (q.segment() < 0) {
            return null;
        }
        try {
            return new StoredArticle(0, q.messageId(), storage.writer().articleLog().read(q.segment(), q.wireOffset(), q.wireLength()),
                    q.bodyOffset());
        } catch (java.io.IOException | RuntimeException e) {
            return storage.reader().byArticleId(q.articleId()); // its segment was compacted away meanwhile
        }
    }

    /** Up to limit queue rows of a peer after seq {@code after}, oldest first (one query). */
    public List<Queued> page(String peer, long after, int limit) {
        return storage.read(c -> {
            java.sql.PreparedStatement ps = c.prepare(PAGE);
            ps.setString(1, peer);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<Queued> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int segment = rs.getInt(4);
                    out.add(rs.wasNull() ? new Queued(rs.getLong(1), rs.getString(2), rs.getLong(3), -1, 0, 0, 0)
                            : new Queued(rs.getLong(1), rs.getString(2), rs.getLong(3), segment, rs.getLong(5), rs.getInt(6),
                            rs.getInt(7)));
                }
            }
            return out;
        });
    }

    /** A peer's backlog: rows queued, and when the oldest was queued (epoch ms, 0 when empty). */
    public record QueueStats(long depth, long oldestMillis) {
    }

    /** The backlog of a peer's queue. */
    public QueueStats stats(String peer) {
        return storage.read(c -> {
            java.sql.PreparedStatement ps = c.prepare("SELECT COUNT(*), COALESCE(MIN(queued), 0) FROM peer_queue WHERE peer = ?");
            ps.setString(1, peer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new QueueStats(rs.getLong(1), rs.getLong(2));
            }
        });
    }

    /** Drops a peer's whole queue (the peer was removed); returns how many rows went. */
    public CompletableFuture<Integer> drop(String peer) {
        return storage.writer().submit(tx -> {
            java.sql.PreparedStatement ps = tx.prepare("DELETE FROM peer_queue WHERE peer = ?");
            ps.setString(1, peer);
            return ps.executeUpdate();
        });
    }

    /** Removes queue rows a peer has answered for (took, had, or refused for good). */
    public CompletableFuture<Void> dequeue(String peer, List<Long> seqs) {
        List<Long> done = List.copyOf(seqs);
        return storage.writer().submit(tx -> {
            java.sql.PreparedStatement ps = tx.prepare("DELETE FROM peer_queue WHERE peer = ? AND seq = ?");
            for (long seq : done) {
                ps.setString(1, peer);
                ps.setLong(2, seq);
                ps.addBatch();
            }
            ps.executeBatch();
            return (Void) null;
        });
    }
}
