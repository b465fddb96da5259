package org.newsnode.storage.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.h2.mvstore.DataUtils;

/**
 * The node's H2 file database. H2 writes its file in the background (WRITE_DELAY);
 * durability of acknowledged writes comes from the article log, written once per batch
 * before any acknowledgement and replayed after a crash from the last safe point.
 */
public final class Database implements AutoCloseable {
    public static final String FILE_BASE = "newsnode";
    private static final int POOL_SIZE = 16;

    private final String url;
    private final BlockingQueue<CachedConnection> pool = new ArrayBlockingQueue<>(POOL_SIZE);
    private final Connection keepOpen;
    private volatile boolean closed;

    private Database(String url, Connection keepOpen) {
        this.url = url;
        this.keepOpen = keepOpen;
    }

    /** Opens (creating if needed) the database in dir and applies pending migrations. */
    public static Database open(Path dir, int cacheMb) throws SQLException {
        if (dir.toAbsolutePath().toString().indexOf(';') >= 0) {
            // H2 would read what follows ';' as URL settings (INIT=RUNSCRIPT ...)
            throw new SQLException("the data directory " + dir + " contains ';', which H2 would read as a setting");
        }
        try {
            org.newsnode.storage.io.PrivateFiles.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create database directory " + dir + ": " + e.getMessage(), e);
        }
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(FILE_BASE)
                + ";CACHE_SIZE=" + (cacheMb * 1024)
                // H2 writes its file in the background, at most every half second, so a commit
                // costs no page serialisation; the article log is what makes an acknowledged
                // write durable, and after an unclean stop the log is replayed from the last
                // safe point (StoreWriter.checkpoint), filling in what a torn write left out
                + ";WRITE_DELAY=500"
                + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";LOCK_TIMEOUT=10000";
        Connection first = DriverManager.getConnection(url, "sa", "");
        Migrations.apply(first);
        return new Database(url, first);
    }

    /**
     * True when opening and replaying failed because H2's file is damaged: corrupted records,
     * or, seen after kill -9, a transaction H2 did not roll back still locking rows while the
     * database is being opened (nobody else can hold a lock then). Not for a database in use.
     */
    public static boolean isDamaged(SQLException e) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        boolean damaged = false;
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException se && se.getNextException() != null) {
                todo.add(se.getNextException());
            }
            if (t instanceof SQLException se && se.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
                    || t instanceof org.h2.mvstore.MVStoreException me && me.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return false; // a lock is not damage: another process has the file open
            }
            if (t instanceof SQLException se && (se.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1
                    || se.getErrorCode() == org.h2.api.ErrorCode.LOCK_TIMEOUT_1)) {
                damaged = true;
            }
            if (t instanceof org.h2.mvstore.MVStoreException) {
                damaged = true;
            }
        }
        return damaged;
    }

    /** Renames a damaged database file out of the way (kept for inspection); returns its new name. */
    public static Path moveAside(Path dir) throws java.io.IOException {
        Path file = dir.resolve(FILE_BASE + ".mv.db");
        Path aside = dir.resolve(FILE_BASE + ".mv.db.damaged-" + System.currentTimeMillis());
        Files.move(file, aside);
        return aside;
    }

    /** A new connection (caller closes it); used by the writer and for long scans. */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        try (var st = c.createStatement()) {
            // stream big results (OVER of 100k lines) instead of buffering them to a temp file
            st.execute("SET LAZY_QUERY_EXECUTION TRUE");
        }
        return c;
    }

    /** Borrows a pooled read connection; give it back with {@link #release}. */
    public CachedConnection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed"); // never open it again behind the owner's back
        }
        CachedConnection c = pool.poll();
        return c != null ? c : new CachedConnection(connect());
    }

    public void release(CachedConnection c) {
        if (closed || !pool.offer(c)) {
            c.close();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a pooled read connection cannot lose data
        }
    }

    @Override
    public void close() {
        closed = true;
        CachedConnection c;
        while ((c = pool.poll()) != null) {
            c.close();
        }
        try (var st = keepOpen.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        closeQuietly(keepOpen);
    }
}
