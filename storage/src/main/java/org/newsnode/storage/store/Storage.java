package org.newsnode.storage.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.NewsgroupNames;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.db.Database;
import org.newsnode.storage.db.CachedConnection;

/**
 * The node's data: groups, per-group numbers with overview, and history in one H2 database,
 * changed in one transaction; article bytes in the append-only {@link ArticleLog}. Reads go
 * straight to the database and the log (groups come from the writer's committed snapshot);
 * every write goes through the group-commit {@link StoreWriter}.
 */
public final class Storage implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("newsnode.storage");

    private final Database db;
    private final StoreWriter writer;
    private final Clock clock;
    private final History history = new History(this);
    private final PeerQueues queues = new PeerQueues(this);
    private final ArticleReader reader = new ArticleReader(this);
    /** Written by a clean close, removed at open (see {@link #open}). */
    static final String CLEAN_MARK = "clean-stop";
    private Path dir;
    private CancelLockSecret cancelSecret;
    /** Held from open to close (see {@link DataDirLock}). */
    private DataDirLock lock;
    /** The peers new articles are queued for (replaced when the configuration changes). */
    private volatile List<PeerConfig> peers = List.of();

    private Storage(Database db, StoreWriter writer, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    public static Storage open(Path dir, int cacheMb, Clock clock) throws SQLException {
        return open(dir, cacheMb, false, clock);
    }

    /**
     * Opens the store in dir (H2 database and article log); with {@code fsync} every batch is
     * forced to the device before it is acknowledged.
     */
    public static Storage open(Path dir, int cacheMb, boolean fsync, Clock clock) throws SQLException {
        return open(dir, StoreOptions.of(cacheMb, fsync, false), clock); // positioned reads: storage.map-articles' default
    }

    /** With a chosen segment size (tests make small segments to see them come and go). */
    static Storage open(Path dir, int cacheMb, boolean fsync, Clock clock, long segmentBytes) throws SQLException {
        return open(dir, StoreOptions.of(cacheMb, fsync, false).withSegmentBytes(segmentBytes), clock);
    }

    /** Opens the store in dir as {@code options} say (the node's storage.* keys). */
    public static Storage open(Path dir, StoreOptions options, Clock clock) throws SQLException {
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dir); // before anything is read: a second opener changes nothing
        } catch (java.io.IOException e) {
            throw new SQLException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
        try {
            Storage s = openLocked(dir, options, clock);
            s.lock = lock;
            return s;
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Storage openLocked(Path dir, StoreOptions options, Clock clock) throws SQLException {
        boolean clean;
        try {
            // present only after a clean close: its absence means the node stopped abruptly
            clean = Files.deleteIfExists(dir.resolve(CLEAN_MARK)) || !Files.exists(dir.resolve(ArticleLog.DIR));
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read the clean-stop mark in " + dir + ": " + e.getMessage(), e);
        }
        try {
            return openOnce(dir, options, clock, clean);
        } catch (SQLException e) {
            if (!Database.isDamaged(e)) {
                throw e;
            }
            // the article log holds every change: a fresh database replays it from the start
            Path aside;
            try {
                aside = Database.moveAside(dir);
            } catch (java.io.IOException io) {
                throw new SQLException("the database in " + dir + " is damaged and cannot be moved aside: " + io.getMessage(), e);
            }
            log.error("the database in {} is damaged ({}); moved it to {} and rebuilding it from the article log", dir,
                    e.getMessage(), aside.getFileName());
            return openOnce(dir, options, clock, true);
        }
    }

    private static Storage openOnce(Path dir, StoreOptions options, Clock clock, boolean clean) throws SQLException {
        Database db = Database.open(dir, options.cacheMb());
        try {
            Storage s = new Storage(db, new StoreWriter(db, dir, options, !clean), clock);
            s.dir = dir;
            s.cancelSecret = new CancelLockSecret(dir);
            if (s.writer.repairs() != null) {
                log.warn("after an unclean stop: {}", s.writer.repairs());
            }
            s.history.rebuildIndex();
            return s;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }


    public Clock clock() {
        return clock;
    }

    /** This node's secret for the Cancel-Locks it adds to posts (see {@link CancelLockSecret}). */
    public byte[] cancelSecret() {
        return cancelSecret.get();
    }

    public StoreWriter writer() {
        return writer;
    }

    // ---------------------------------------------------------------- groups

    /** All groups, sorted by name, as of the last commit. */
    public Collection<Group> groups() {
        return writer.groups().values();
    }

    public Group group(String name) {
        return writer.groups().get(name);
    }

    /** Creates a group (see {@link Changes#createGroup}). */
    public CompletableFuture<Group> createGroup(String name, String description, char status, String creator) {
        if (!NewsgroupNames.isValid(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "invalid newsgroup name \"" + name + "\" (RFC 5536 §3.1.4: dot-separated components of letters, digits, '+', '-', '_')"));
        }
        if (status != Group.POSTING && status != Group.NO_POSTING && status != Group.MODERATED) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid group status " + status));
        }
        var record = new ArticleLog.CreateGroupRecord(name, description == null ? "" : description, status, creator,
                clock.millis());
        return writer.submit(tx -> {
            create(tx, record);
            Held.release(tx, name); // articles that came before their newgroup are filed now
            return tx.group(name);
        });
    }

    /**
     * Changes a group's description and status (null, or status 0, keeps what it is); logged
     * like a creation, so a crash right after the answer loses nothing.
     */
    public CompletableFuture<Group> changeGroup(String name, String description, char status) {
        if (status != 0 && status != Group.POSTING && status != Group.NO_POSTING && status != Group.MODERATED) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid group status " + status));
        }
        return writer.submit(tx -> {
            Group g = tx.group(name);
            if (g == null) {
                throw new IllegalArgumentException("no such group " + name);
            }
            var record = new ArticleLog.ChangeGroupRecord(name, description == null ? g.description() : description,
                    status == 0 ? g.status() : status);
            Group changed = Changes.changeGroup(tx, record);
            tx.log().append(record);
            return changed;
        });
    }

    /**
     * The group, created first when it does not exist (a control pseudo-group, created on
     * demand): one writer task, so an article queued after it finds the group there.
     */
    public CompletableFuture<Group> ensureGroup(String name, String description, char status, String creator) {
        return writer.submit(tx -> {
            Group g = tx.group(name);
            if (g != null) {
                return g;
            }
            return create(tx, new ArticleLog.CreateGroupRecord(name, description, status, creator, clock.millis()));
        });
    }

    /** Creates the group and logs its record, in the writer's transaction. */
    private static Group create(WriteTransaction tx, ArticleLog.CreateGroupRecord record) throws SQLException {
        Group g = Changes.createGroup(tx, record);
        tx.log().append(record);
        return g;
    }

    /** Removes a group and its article numbers (see {@link Changes#removeGroup}). */
    public CompletableFuture<Group> removeGroup(String name) {
        var record = new ArticleLog.RemoveGroupRecord(name);
        return writer.submit(tx -> {
            Group g = Changes.removeGroup(tx, record);
            tx.log().append(record);
            return g;
        });
    }

    // ---------------------------------------------------------------- articles: write

    /**
     * Stores a checked article in every carried group it names, with its Xref header, overview
     * rows and history row, in one transaction (see {@link Changes#store}); the writer commits
     * it at once with whatever else is waiting.
     */
    public CompletableFuture<StoreResult> store(Arrival arrival) {
        CompletableFuture<StoreResult> f = storeInBatch(arrival);
        writer.commitQueued();
        return f;
    }

    /**
     * Like {@link #store} but without hurrying the writer: the article goes with the next
     * commit, which the caller asks for with {@link #commitQueued} once it has handed over all
     * it has (a session at the end of its input, an import every few hundred articles), so a
     * burst shares one transaction.
     */
    public CompletableFuture<StoreResult> storeInBatch(Arrival arrival) {
        long arrived = clock.millis();
        // seen-by: whoever offered the ID (CHECK/IHAVE) has the article
        Arrival a = arrival.sentAlsoBy(history.front().takeOffers(arrival.messageId()));
        List<PeerConfig> feeds = peers;
        PreparedArticle prepared = PreparedArticle.of(a.article(), a.relayPath()); // here, in parallel; the writer is serial
        return writer.enqueue(tx -> Changes.store(tx, prepared, a.messageId(), a.groups(), a.postedSeconds(),
                        a.pathIdentity(), arrived, feeds, a.sentBy(), a.cancels(), arrived))
                .thenApply(r -> {
                    if (r.accepted()) {
                        history.front().remember(a.messageId(), HistoryState.ACCEPTED.code());
                        history.index().add(a.messageId());
                        r.cancels().forEach(this::cancelled);
                    }
                    return r;
                });
    }

    /**
     * Carries out a cancel on its own (one whose target turned up while it waited, or the
     * operator's): logged, so a crash right after the answer loses nothing.
     */
    public CompletableFuture<CancelOrder.Outcome> cancel(CancelOrder order) {
        long now = clock.millis();
        return writer.submit(tx -> {
            var x = new ArticleLog.CancelRecord(order, now);
            tx.log().append(x);
            return tx.cancels.apply(tx, x);
        }).thenApply(outcome -> {
            cancelled(order.target(), outcome);
            return outcome;
        });
    }

    /** The cancel waiting for this Message-ID (it came before its target), or null. */
    public CancelOrder waitingCancel(String messageId) {
        return writer.cancels().anyPending() ? writer.cancels().pending(messageId) : null;
    }

    /** History's memory follows a committed cancel. */
    private void cancelled(String target, CancelOrder.Outcome outcome) {
        if (outcome == CancelOrder.Outcome.REMOVED || outcome == CancelOrder.Outcome.REMEMBERED) {
            history.front().remember(target, HistoryState.CANCELLED.code());
            history.index().add(target);
        }
    }

    /** The pseudo-group holding articles for groups not carried yet (see {@link Held}). */
    public static final String JUNK = Held.JUNK;

    /** Asks the writer to commit what is waiting now (it owns the commit; this only wakes it). */
    public void commitQueued() {
        writer.commitQueued();
    }

    // ---------------------------------------------------------------- expiry

    /** What an expiry run did (or would do, dry). */
    public record ExpiryReport(int groups, long rowsRemoved, long articlesRemoved, long historyPurged,
                               int segmentsCompacted, long articlesMoved, int segmentsDeleted, long bytesFreed) {
    }

    /** A stored article as export sees it: posted (Date, seconds), arrival (ms), carried groups, wire form. */
    public record Exported(String messageId, long postedSeconds, long arrivedMillis, List<String> groups, byte[] wire) {
    }

    /**
     * Every stored article, oldest first, with the groups it is in (for export); stops when
     * {@code each} returns false.
     */
    public void forEachArticle(java.util.function.Predicate<Exported> each) {
        read(c -> {
            ArticleExport.forEach(c.connection(), writer.articleLog(), each);
            return null;
        });
    }

    /** Progress of an expiry run: groups done of all, rows removed so far. */
    @FunctionalInterface
    public interface ExpiryProgress {
        void step(int done, int total, long rowsRemoved);
    }

    /** Runs expiry now against this store's clock; with {@code dry} nothing changes. */
    public ExpiryReport expire(org.newsnode.storage.config.ExpiryPolicy policy, boolean dry, ExpiryProgress progress) {
        try {
            Expiry.Report r = Expiry.run(this, writer, policy, clock.millis(), dry, progress::step);
            if (!dry && (r.articlesRemoved() > 0 || r.historyPurged() > 0)) {
                history.front().clear(); // states changed to E or were forgotten; the cache refills from the database
                if (r.historyPurged() > 0) {
                    history.rebuildIndex();
                }
            }
            return new ExpiryReport(r.groups(), r.rowsRemoved(), r.articlesRemoved(), r.historyPurged(),
                    r.segmentsCompacted(), r.articlesMoved(), r.segmentsDeleted(), r.bytesFreed());
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("expiry failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- peer queues

    /** Sets the peers that new articles are queued for. */
    public void setPeers(List<PeerConfig> peers) {
        this.peers = List.copyOf(peers);
    }

    private volatile java.util.function.Consumer<String> peerSeen = name -> { };

    /** Called when a peer has just connected to this node (so it is up), with its name. */
    public void onPeerSeen(java.util.function.Consumer<String> listener) {
        peerSeen = listener;
    }

    /**
     * A session was recognised as this peer: the feeder's link to it, if waiting out a backoff,
     * tries now (a node that comes back is fed at once, not after up to a minute).
     */
    public void peerSeen(String peer) {
        peerSeen.accept(peer);
    }

    /** History: every Message-ID seen, claims, who offered what (INN's history and wipcheck). */
    public History history() {
        return history;
    }

    /** What readers ask for: articles by number or Message-ID, overview, NEWNEWS (INN's storage API and overview). */
    public ArticleReader reader() {
        return reader;
    }

    /** The peers' queues (INN's batch files / innfeed's backlog). */
    public PeerQueues queues() {
        return queues;
    }

    /** Called after each commit that queued articles, with the peers whose queues grew. */
    public void onQueued(java.util.function.Consumer<java.util.Set<String>> listener) {
        writer.setQueueListener(listener);
    }

    /*
     * Paged reads name the whole key in ORDER BY (peer, seq / group_id, number): H2 then
     * walks the index and stops at LIMIT; ordered by the last column alone it reads and sorts
     * every row of the range for each page (QueryPlanTest).
     */


    // ---------------------------------------------------------------- articles: read

    @FunctionalInterface
    interface Query<T> {
        T run(CachedConnection c) throws SQLException;
    }

    <T> T read(Query<T> q) {
        CachedConnection c = null;
        try {
            c = db.borrow();
            T result = q.run(c);
            db.release(c);
            return result;
        } catch (SQLException e) {
            if (c != null) {
                c.close();
            }
            throw new StoreException("database read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (c != null) {
                c.close(); // a sink that threw (a session gone mid-scan) must not take the connection with it
            }
            throw e;
        }
    }

    /** Problems a consistency check of the rows finds (empty when all agree); for tests and diagnostics. */
    public List<String> consistencyProblems() {
        try {
            return writer.consistencyProblems();
        } catch (SQLException e) {
            throw new StoreException("consistency check failed: " + e.getMessage(), e);
        }
    }

    /** Finishes queued writes, then closes the database cleanly (and marks the stop as clean). */
    @Override
    public void close() {
        history.stopIndexBuild();
        try {
            writer.close();
            db.close();
            if (dir != null) {
                try {
                    Files.writeString(dir.resolve(CLEAN_MARK), "closed cleanly\n");
                } catch (java.io.IOException e) {
                    log.warn("cannot write {}: {} (the next start checks the database)", CLEAN_MARK, e.getMessage());
                }
            }
        } finally {
            if (lock != null) {
                lock.close(); // last: the clean mark is written by the holder only, and only after a clean close
            }
        }
    }
}
