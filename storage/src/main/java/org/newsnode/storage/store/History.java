package org.newsnode.storage.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History, INN's seam of that name: every Message-ID this node has seen with what became of
 * it (RFC 5537 §3.4 duplicates), answered from memory (a keyed hash of every ID, a cache of
 * recent states) before the database; the claims that let one peer at a time send an
 * article (INN's wipcheck); and which peers offered an ID (they have it: seen-by).
 */
public final class History {
    private static final Logger log = LoggerFactory.getLogger("newsnode.storage");
    /** Recently seen Message-IDs kept in memory (≈ 35 MB at this size). */
    static final int CACHE_ENTRIES = 200_000;
    /** How long a CHECK 238 or IHAVE 335 reserves an ID for its peer (INN's wipcheck). */
    static final long CLAIM_NANOS = 5_000_000_000L;

    private final Storage storage;
    private final HistoryFront front = new HistoryFront(CACHE_ENTRIES, CLAIM_NANOS);
    private final HistoryIndex index = new HistoryIndex();

    History(Storage storage) {
        this.storage = storage;
    }

    HistoryFront front() {
        return front;
    }

    HistoryIndex index() {
        return index;
    }

    /**
     * (Re)builds the in-memory index of every history Message-ID on a background thread:
     * at open, and after expiry forgot IDs. Until the first build is done, offers of IDs it
     * does not hold are looked up in the database.
     */
    private volatile Thread indexBuilder;

    /** Heap besides the history index: H2's page cache at its default, sessions, batches, the JIT's data. */
    static final long HEAP_BESIDES_INDEX = 128L << 20;

    /**
     * The index doubles as history grows, and a rebuild (after expiry) holds two: with the
     * heap capped below that, the node would end out of memory one day; say so now, with the
     * figure to set. Returns the warning (null when the heap is enough).
     */
    static String warnIfHeapTooSmall(long indexBytes, long maxHeap) {
        long need = 3 * indexBytes + HEAP_BESIDES_INDEX;
        if (maxHeap >= need) {
            return null;
        }
        String w = String.format("history index: %d MiB now, and its next growth or rebuild needs about %d MiB of heap "
                + "with everything else; this JVM may use %d MiB: give it more (NEWSNODE_JAVA_OPTS=-Xmx%dm)",
                indexBytes >> 20, need >> 20, maxHeap >> 20, Math.max(256, (2 * need) >> 20));
        log.warn(w);
        return w;
    }

    void rebuildIndex() {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            index.beginRebuild();
            HistoryIndex fresh = new HistoryIndex();
            try {
                storage.read(c -> {
                    try (java.sql.Statement st = c.connection().createStatement();
                         ResultSet rs = st.executeQuery("SELECT message_id FROM history")) {
                        while (rs.next()) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new SQLException("closing");
                            }
                            fresh.addLoaded(rs.getString(1));
                        }
                    }
                    return null;
                });
                index.finishRebuild(fresh);
                log.info("history index: {} Message-IDs in memory, built in {} ms", index.size(),
                        (System.nanoTime() - t0) / 1_000_000);
                warnIfHeapTooSmall(index.bytes(), Runtime.getRuntime().maxMemory());
            } catch (RuntimeException e) {
                log.debug("history index not built: {}", e.getMessage()); // closed meanwhile
            }
        }, "history-index");
        t.setDaemon(true);
        indexBuilder = t;
        t.start();
    }

    /** Stops a running index build and waits for it (it reads the database: it must end before the database does). */
    void stopIndexBuild() {
        Thread building = indexBuilder;
        if (building != null) {
            building.interrupt();
            try {
                building.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the history index is built (then {@link #known} never asks the database). */
    public boolean indexReady() {
        return index.ready();
    }

    /**
     * True when history holds the ID in any state (accepted, refused, expired): an offer of
     * it is a duplicate. Answered from memory once the index is built.
     */
    public boolean known(String messageId) {
        if (index.contains(messageId)) {
            return true;
        }
        return !index.ready() && state(messageId) != null;
    }


    /** What history says of a Message-ID, or null when it was never seen (memory first, then the database). */
    public HistoryState state(String messageId) {
        Character cached = front.cached(messageId);
        if (cached != null) {
            return HistoryState.of(cached);
        }
        HistoryState state = storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT state FROM history WHERE message_id = ?");
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? HistoryState.of(rs.getString(1).charAt(0)) : null;
            }
        });
        if (state != null) {
            front.remember(messageId, state.code());
        }
        return state;
    }

    /** When this node took the article (epoch ms), or -1 when history does not know the ID. */
    public long arrivedAt(String messageId) {
        return storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT arrived FROM history WHERE message_id = ?");
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    /** The offer of an ID by this peer proved nothing (it was only its address): it may be fed the article after all. */
    public void offerUnproven(String messageId, String peer) {
        front.unoffered(messageId, peer);
    }

    /**
     * A peer offered this ID (CHECK or IHAVE), so it has the article (DESIGN: who offered an
     * ID is never offered it): if we take it from someone else it is not queued for this
     * peer; if we have it, a queue row for the peer is dropped when its feed reads it
     * ({@link #peerHas}) — in memory, so a CHECK storm costs no statement and the queue no
     * index by Message-ID.
     */
    public void offeredBy(String messageId, String peer, boolean known) {
        if (known) {
            front.held(messageId, peer);
        } else {
            front.offered(messageId, peer);
        }
    }

    /** True when this peer offered us the ID after we had it: its queue row is answered without an offer. */
    public boolean peerHas(String messageId, String peer) {
        return front.heldBy(messageId, peer);
    }

    /**
     * Reserves a Message-ID for the session that was told to send it; false when another
     * session holds it (the offer gets 431/436 and is retried later).
     */
    public boolean claim(String messageId, Object session) {
        return front.claim(messageId, session, System.nanoTime()); // expired claims leave the cache by themselves
    }

    public void release(String messageId, Object session) {
        front.release(messageId, session);
    }

    /** Releases every claim of a session that ended (its peer will not send those articles now). */
    public void releaseClaims(Object session) {
        front.releaseAll(session);
    }

    /**
     * Remembers a refused Message-ID so that peers stop offering it (INN's remembertrash);
     * keeps any state history already has.
     */
    public CompletableFuture<Void> remember(String messageId, HistoryState state) {
        long now = storage.clock().millis();
        return storage.writer().submit(tx -> {
            PreparedStatement ins = tx.prepare("INSERT INTO history (message_id, state, arrived, posted, article_id) "
                    + "SELECT ?, ?, ?, 0, NULL FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM history WHERE message_id = ?)");
            ins.setString(1, messageId);
            ins.setString(2, String.valueOf(state.code()));
            ins.setLong(3, now);
            ins.setString(4, messageId);
            ins.executeUpdate();
            return (Void) null;
        }).thenApply(v -> {
            front.remember(messageId, state.code());
            index.add(messageId);
            return v;
        });
    }
}
