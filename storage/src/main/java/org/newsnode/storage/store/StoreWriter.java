package org.newsnode.storage.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.newsnode.storage.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: every change to the store runs on its own thread, {@code store-writer},
 * many tasks per transaction (group commit): while one batch commits, the next one queues.
 * Sessions only queue tasks and signal; they never run a commit. Futures are completed, and
 * the peers whose queues grew are told, on a second thread ({@code store-completions}), in
 * commit order, after the commit and off the writer: a reply or a feeder's read never delays
 * the next batch.
 *
 * <p>Each batch's records are appended to the {@link ArticleLog} in one write before the
 * transaction commits, and futures complete only after that, so a session acknowledges
 * nothing a crash could lose: the transaction also records how far the log is applied, and
 * at start the records past that point are applied again. A failing task is rolled back to
 * its savepoint (and its log records dropped) without disturbing the others in its batch.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** Upper bound of tasks per transaction; big enough to amortise the commit. */
    static final int MAX_BATCH = 512;

    private final Connection connection;
    private final ArticleLog articleLog;
    /** storage.fsync: checkpoints force H2's file to the device too. */
    private final boolean fsync;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    /** Work that needs the writer's connection outside any batch (checkpoint, checks), run between batches. */
    private final ConcurrentLinkedQueue<Runnable> between = new ConcurrentLinkedQueue<>();
    /** Tasks only queued (no signal) still go within this; a signal starts a batch at once. */
    static final long UNSIGNALLED_NANOS = 20_000_000L;
    private final Thread thread;
    /** Completes futures and announces queued peers in commit order, never on the writer. */
    private final java.util.concurrent.ExecutorService completions = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "store-completions");
        t.setDaemon(true);
        return t;
    });
    private final WriteTransaction tx;
    private volatile Map<String, Group> published;
    private volatile boolean closing;
    /** Made once the replay is done; the writer thread alone uses it afterwards. */
    private SafePoint safePoint;
    private volatile long batches;
    private volatile long tasks;

    private record Pending<T>(WriteTask<T> task, CompletableFuture<T> future) {
    }

    StoreWriter(Database db, Path dataDir, boolean fsync, long segmentBytes) throws SQLException {
        this(db, dataDir, new StoreOptions(16, fsync, true, segmentBytes), false);
    }

    /**
     * Opens the writer once the store is brought up to its log ({@link Recovery#start}; with
     * {@code afterCrash}, the last stop was not clean, after the repairs) and that is in the file.
     */
    StoreWriter(Database db, Path dataDir, StoreOptions options, boolean afterCrash) throws SQLException {
        this.fsync = options.fsync();
        this.connection = db.connect();
        connection.setAutoCommit(false);
        try {
            this.articleLog = ArticleLog.open(dataDir, options.fsync(), options.segmentBytes(), options.mapArticles());
        } catch (IOException e) {
            throw new SQLException("article log in " + dataDir + ": " + e.getMessage(), e);
        }
        Recovery.Start start = Recovery.start(connection, articleLog, afterCrash);
        this.tx = start.tx();
        this.repairs = start.repairs();
        this.safePoint = new SafePoint(connection, tx, articleLog, fsync);
        if (afterCrash || start.replayed()) {
            safePoint.take(true); // what the replay and the repairs changed is in the file before anything new is acknowledged
        }
        publish();
        thread = new Thread(this::run, "store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer thread: batches while there is work, parks when there is none. */
    private void run() {
        while (true) {
            safePoint.takeIfDue();
            if (queue.isEmpty() && between.isEmpty()) {
                if (closing) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(this, UNSIGNALLED_NANOS);
                continue;
            }
            Runnable job;
            while ((job = between.poll()) != null) {
                job.run();
            }
            List<Pending<?>> batch = new ArrayList<>(16);
            Pending<?> p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                batch.add(p);
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
        }
    }

    /** Wakes the writer: what is queued goes into the next batch now. */
    private void signal() {
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    /** Runs work on the writer thread between batches, with its connection; the future completes off the writer. */
    private <T> CompletableFuture<T> betweenBatches(WriteTask<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closing) {
            f.completeExceptionally(new StoreException("store is shutting down"));
            return f;
        }
        between.add(() -> {
            T result;
            try {
                result = work.run(tx);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the failure below is what the caller learns
                }
                completions.execute(() -> f.completeExceptionally(e instanceof StoreException ? e
                        : new StoreException("database work failed: " + e.getMessage(), e)));
                return;
            }
            completions.execute(() -> f.complete(result));
        });
        signal();
        return f;
    }

    private final String repairs;

    /** What opening after an unclean stop had to repair, or null. */
    String repairs() {
        return repairs;
    }

    /** Problems a check finds in the rows (empty when consistent); for tests and diagnostics. */
    List<String> consistencyProblems() throws SQLException {
        return join(betweenBatches(t -> {
            try (Statement st = connection.createStatement()) {
                return OrphanRows.problems(st);
            }
        }));
    }

    ArticleLog articleLog() {
        return articleLog;
    }


    /** Called after a commit that queued articles, with the peers whose queues grew. */
    private volatile java.util.function.Consumer<java.util.Set<String>> queueListener = peers -> { };

    void setQueueListener(java.util.function.Consumer<java.util.Set<String>> listener) {
        this.queueListener = listener;
    }


    /** The cancels waiting for their targets (a concurrent map: read from any thread). */
    Cancels cancels() {
        return tx.cancels;
    }

    /** Groups as of the last commit, sorted by name. */
    Map<String, Group> groups() {
        return published;
    }

    private void publish() {
        published = Collections.unmodifiableMap(new TreeMap<>(tx.groups));
    }

    /** Queues a task and wakes the writer; the future completes after its batch is logged and committed (or fails). */
    public <T> CompletableFuture<T> submit(WriteTask<T> task) {
        CompletableFuture<T> f = enqueue(task);
        signal();
        return f;
    }

    /**
     * Queues a task without committing yet: a session that has several articles in hand (a
     * streaming peer's pipelined TAKETHIS) queues them all and then calls {@link #commitQueued}
     * once, so they share one transaction and one log write.
     */
    public <T> CompletableFuture<T> enqueue(WriteTask<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closing) {
            f.completeExceptionally(new StoreException("store is shutting down"));
            return f;
        }
        queue.add(new Pending<>(task, f));
        return f;
    }

    /** Starts a batch with whatever is queued (a session's burst of pipelined articles is in). */
    public void commitQueued() {
        signal();
    }

    private void runBatch(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try {
            boolean alone = batch.size() == 1;
            for (int i = 0; i < batch.size(); i++) {
                Pending<?> p = batch.get(i);
                // a lone task can roll back the whole transaction; savepoints are for its neighbours' sake
                // (one name, prepared once: H2 parses JDBC's numbered savepoints anew each time)
                if (!alone) {
                    tx.prepare("SAVEPOINT task").execute();
                }
                int mark = articleLog.pendingMark();
                tx.beginTask();
                try {
                    results[i] = p.task().run(tx);
                } catch (SQLException | RuntimeException e) {
                    try {
                        if (alone) {
                            connection.rollback();
                        } else {
                            tx.prepare("ROLLBACK TO SAVEPOINT task").execute();
                        }
                    } catch (SQLException undo) {
                        // the batch fails as a whole; its log line names both failures
                        throw new SQLException("undoing a task that failed (" + e.getMessage() + "): " + undo.getMessage(), undo);
                    }
                    tx.rollbackTask();
                    articleLog.undoTo(mark);
                    failures[i] = e;
                }
            }
            tx.flushGroups();
            tx.recordLogPosition(articleLog.end());
            articleLog.flush();
            connection.commit();
            safePoint.changed();
        } catch (SQLException | IOException e) {
            log.error("store: batch of {} writes failed and was rolled back: {}", batch.size(), e.getMessage());
            articleLog.discardPending();
            tx.queuedPeers.clear();
            rollbackBatch();
            StoreException failure = new StoreException("database write failed: " + e.getMessage(), e);
            completions.execute(() -> batch.forEach(p -> p.future().completeExceptionally(failure)));
            return;
        }
        if (!tx.dirtyGroups.isEmpty() || !tx.removedGroups.isEmpty()) {
            publish();
        }
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
        java.util.Set<String> woken = tx.queuedPeers.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(tx.queuedPeers);
        tx.queuedPeers.clear();
        batches++;
        tasks += batch.size();
        var listener = queueListener;
        completions.execute(() -> {
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results[i], failures[i]);
            }
            if (!woken.isEmpty()) {
                listener.accept(woken); // new articles start flowing to peers at once, no polling
            }
        });
        try {
            articleLog.rollIfFull();
        } catch (IOException e) {
            log.error("store: cannot start a new article log segment: {}", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> p, Object result, Throwable failure) {
        if (failure == null) {
            p.future().complete((T) result);
        } else if (failure instanceof RuntimeException re && !(failure instanceof StoreException)) {
            p.future().completeExceptionally(re);
        } else {
            p.future().completeExceptionally(new StoreException("database write failed: " + failure.getMessage(), failure));
        }
    }

    private void rollbackBatch() {
        try {
            connection.rollback();
            tx.groups.clear();
            tx.groups.putAll(Group.loadAll(connection));
            tx.nextArticleId = Recovery.max(connection, "id", "article") + 1;
            tx.nextGroupId = (int) Recovery.max(connection, "id", "newsgroup") + 1;
            tx.nextQueueSeq = Recovery.max(connection, "seq", "peer_queue") + 1;
            connection.commit();
        } catch (SQLException e) {
            log.error("store: cannot reload state after a failed batch: {}", e.getMessage());
        }
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
    }

    /**
     * Runs work between batches after a synchronous safe point, so that a crash after it
     * finds in H2's file every row the work saw (expiry deletes log segments this way).
     */
    <T> T afterSafePoint(WriteTask<T> work) throws SQLException {
        return join(betweenBatches(t -> {
            safePoint.take(true);
            return work.run(t);
        }));
    }

    /** Waits for work run between batches; its SQL failure comes back as one. */
    private static <T> T join(CompletableFuture<T> f) throws SQLException {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof StoreException se && se.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    /** Commits made and tasks they held, since start (tasks / batches: how well group commit batches). */
    public record Counters(long batches, long tasks) {
    }

    /** Batches committed and tasks run since start (for the group-commit benchmark and logs). */
    public Counters counters() {
        return new Counters(batches, tasks);
    }

    /** Finishes every queued task, delivers every completion, and closes the log and the connection. */
    @Override
    public void close() {
        closing = true;
        signal();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a task queued as the writer stopped: refused, never left waiting
        StoreException late = new StoreException("store is shutting down");
        Pending<?> p;
        while ((p = queue.poll()) != null) {
            Pending<?> q = p;
            completions.execute(() -> q.future().completeExceptionally(late));
        }
        completions.shutdown();
        try {
            completions.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            articleLog.close();
        } catch (IOException e) {
            log.warn("store: closing the article log: {}", e.getMessage());
        } finally {
            try {
                connection.close(); // closes the cached statements too
            } catch (SQLException e) {
                log.warn("store: closing the writer connection: {}", e.getMessage());
            }
        }
    }
}
