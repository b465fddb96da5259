package org.newsnode.storage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.newsnode.storage.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: every change to the store runs here, many tasks per transaction (group
 * commit). There is no writer thread: the first thread to submit while nobody writes becomes
 * the leader and commits everything queued, its own task and those that arrive meanwhile;
 * the others just wait for their futures. A lone posting session thus writes from its own
 * I/O thread with no thread hand-off at all, and a busy node still gets one commit per
 * batch. Each batch is appended to the {@link Journal} in one write before the transaction
 * commits, and a task's future completes only after that, so a session acknowledges nothing
 * that a restart could lose. A failing task is rolled back to its savepoint without
 * disturbing the others in its batch. Now and then a checkpoint has H2 write and sync its
 * state, after which the journal starts empty.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** Upper bound of tasks per transaction; big enough to amortise the commit write. */
    static final int MAX_BATCH = 512;
    /** Checkpoint when the journal is this large ... */
    static final long CHECKPOINT_BYTES = 64L << 20;
    /** ... or this old (ms); bounds replay work after a crash. */
    static final long CHECKPOINT_MILLIS = 30_000;

    private final Connection connection;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    /** Held by the thread that is writing (the leader). */
    private final ReentrantLock leader = new ReentrantLock();
    private final WriteTransaction tx;
    private final Journal journal;
    private long lastCheckpoint = System.currentTimeMillis();
    private volatile Map<String, Group> published;
    private volatile boolean closing;
    private volatile long batches;
    private volatile long tasks;

    private record Pending<T>(WriteTask<T> task, Journal.Record record, CompletableFuture<T> future) {
    }

    StoreWriter(Database db, java.nio.file.Path dir, boolean fsync) throws SQLException {
        this.connection = db.connect();
        connection.setAutoCommit(false);
        Map<String, Group> groups = loadGroups(connection);
        this.tx = new WriteTransaction(connection, groups, maxId("article") + 1, (int) maxId("newsgroup") + 1);
        connection.commit();
        try {
            this.journal = Journal.open(dir, fsync);
            replay();
        } catch (java.io.IOException e) {
            throw new SQLException("journal in " + dir + ": " + e.getMessage(), e);
        }
        publish();
    }

    private long maxId(String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, Group> loadGroups(Connection c) throws SQLException {
        Map<String, Group> groups = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, description, status, low, high, article_count, created, creator FROM newsgroup");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Group g = new Group(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9));
                groups.put(g.name(), g);
            }
        }
        return groups;
    }

    /** Groups as of the last commit, sorted by name. */
    Map<String, Group> groups() {
        return published;
    }

    private void publish() {
        published = Collections.unmodifiableMap(new TreeMap<>(tx.groups));
    }

    /**
     * Re-applies what the journal holds after a crash: changes H2 had already persisted come
     * back as duplicates and are skipped, the rest is applied in the original order, which
     * gives the same article numbers.
     */
    private void replay() throws SQLException, java.io.IOException {
        List<Journal.Record> records = journal.readAll();
        if (records.isEmpty()) {
            return;
        }
        int applied = 0;
        for (Journal.Record r : records) {
            Savepoint sp = connection.setSavepoint();
            tx.beginTask();
            try {
                if (r instanceof Journal.StoreRecord s) {
                    applied += Changes.store(tx, org.newsnode.storage.article.Article.parse(s.raw()), s).accepted() ? 1 : 0;
                } else if (r instanceof Journal.CreateGroupRecord c) {
                    if (tx.group(c.name()) == null) {
                        Changes.createGroup(tx, c);
                        applied++;
                    }
                } else if (r instanceof Journal.RemoveGroupRecord rm) {
                    if (tx.group(rm.name()) != null) {
                        Changes.removeGroup(tx, rm);
                        applied++;
                    }
                }
            } catch (org.newsnode.storage.article.ArticleFormatException | RuntimeException e) {
                connection.rollback(sp);
                tx.rollbackTask();
                log.warn("journal replay: skipping a record that no longer applies: {}", e.getMessage());
            }
        }
        flushGroups();
        connection.commit();
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
        checkpoint();
        log.info("journal replay: {} of {} journaled changes were not yet in the database and were applied",
                applied, records.size());
    }

    /** Has H2 write and sync everything committed, then empties the journal. */
    private void checkpoint() throws SQLException, java.io.IOException {
        try (Statement st = connection.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
        journal.reset();
        lastCheckpoint = System.currentTimeMillis();
    }

    /** Queues a task; the future completes after its batch is journaled and committed (or fails). */
    public <T> CompletableFuture<T> submit(WriteTask<T> task) {
        return submit(task, null);
    }

    /** Queues a task that the journal records as {@code record}, so a crash cannot lose it once acknowledged. */
    <T> CompletableFuture<T> submit(WriteTask<T> task, Journal.Record record) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closing) {
            f.completeExceptionally(new StoreException("store is shutting down"));
            return f;
        }
        queue.add(new Pending<>(task, record, f));
        lead();
        return f;
    }

    /**
     * Becomes the leader if nobody is writing and commits batches until the queue is empty.
     * The re-check after unlocking closes the gap where a task queued just as the previous
     * leader found the queue empty.
     */
    private void lead() {
        if (leader.isHeldByCurrentThread()) {
            return; // submitted from a completion callback: the running leader loop picks it up
        }
        while (!queue.isEmpty() && leader.tryLock()) {
            try {
                List<Pending<?>> batch = new ArrayList<>(Math.min(MAX_BATCH, 16));
                Pending<?> p;
                while ((p = queue.poll()) != null) {
                    batch.add(p);
                    if (batch.size() == MAX_BATCH) {
                        runBatch(batch);
                        batch = new ArrayList<>(16);
                    }
                }
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
            } finally {
                leader.unlock();
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) {
                Pending<?> p = batch.get(i);
                Savepoint sp = connection.setSavepoint();
                tx.beginTask();
                try {
                    results[i] = p.task().run(tx);
                    if (p.record() != null) {
                        journal.add(p.record());
                    }
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(sp);
                    tx.rollbackTask();
                    failures[i] = e;
                }
            }
            flushGroups();
            journal.flush();
            connection.commit();
        } catch (SQLException | java.io.IOException e) {
            journal.discardPending();
            log.error("store: batch of {} writes failed and was rolled back: {}", batch.size(), e.getMessage());
            rollbackBatch();
            for (Pending<?> p : batch) {
                p.future().completeExceptionally(new StoreException("database write failed: " + e.getMessage(), e));
            }
            return;
        }
        if (!tx.dirtyGroups.isEmpty() || !tx.removedGroups.isEmpty()) {
            publish();
        }
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
        batches++;
        tasks += batch.size();
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i]);
        }
        if (journal.size() > CHECKPOINT_BYTES
                || (journal.size() > 0 && System.currentTimeMillis() - lastCheckpoint > CHECKPOINT_MILLIS)) {
            try {
                checkpoint();
            } catch (SQLException | java.io.IOException e) {
                log.error("store: checkpoint failed, the journal keeps growing until one succeeds: {}", e.getMessage());
            }
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

    /** Writes the batch's group counters once per batch rather than once per article. */
    private void flushGroups() throws SQLException {
        if (tx.dirtyGroups.isEmpty()) {
            return;
        }
        PreparedStatement ps = tx.prepare(
                "UPDATE newsgroup SET low = ?, high = ?, article_count = ?, description = ?, status = ? WHERE id = ?");
        for (Group g : tx.dirtyGroups.values()) {
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

    private void rollbackBatch() {
        try {
            connection.rollback();
            tx.groups.clear();
            tx.groups.putAll(loadGroups(connection));
            tx.nextArticleId = maxId("article") + 1;
            tx.nextGroupId = (int) maxId("newsgroup") + 1;
            connection.commit();
        } catch (SQLException e) {
            log.error("store: cannot reload state after a failed batch: {}", e.getMessage());
        }
        tx.dirtyGroups.clear();
        tx.removedGroups.clear();
    }

    /** Batches committed and tasks run since start (for the group-commit benchmark and logs). */
    public long[] counters() {
        return new long[] {batches, tasks};
    }

    /** Finishes every queued task, checkpoints and closes the connection. */
    @Override
    public void close() {
        closing = true;
        leader.lock();
        try {
            if (!queue.isEmpty()) {
                List<Pending<?>> rest = new ArrayList<>(queue);
                queue.clear();
                runBatch(rest);
            }
        } finally {
            leader.unlock();
        }
        leader.lock();
        try {
            checkpoint();
            journal.close();
        } catch (SQLException | java.io.IOException e) {
            log.warn("store: final checkpoint failed; the journal will be replayed at next start: {}", e.getMessage());
        }
        tx.closeStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("store: closing the writer connection: {}", e.getMessage());
        } finally {
            leader.unlock();
        }
    }
}
