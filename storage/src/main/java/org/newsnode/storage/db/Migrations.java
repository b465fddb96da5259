package org.newsnode.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema: each migration is a SQL resource applied once, in order, in its own
 * transaction, and recorded in schema_version. A database newer than this code is refused.
 */
public final class Migrations {
    /** In order; the version is the position + 1. Never edit one that has shipped: add one. */
    static final List<String> SCRIPTS = List.of("V1__initial_schema.sql", "V2__peer_queue.sql", "V3__expiry.sql",
            "V4__safe_point.sql", "V5__pending_cancel.sql", "V6__queue_without_message_index.sql");

    private Migrations() {
    }

    static void apply(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, applied BIGINT NOT NULL)");
        }
        int current = currentVersion(c);
        if (current > SCRIPTS.size()) {
            throw new SQLException("database schema version " + current + " is newer than this newsnode ("
                    + SCRIPTS.size() + "); use a newer newsnode");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = current + 1; v <= SCRIPTS.size(); v++) {
                String script = SCRIPTS.get(v - 1);
                run(c, script);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, script, applied) VALUES (?, ?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, script);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Runs one script with H2's own parser (RUNSCRIPT), so a ';' or "--" inside a literal or
     * a comment is what SQL says it is, not a statement end.
     */
    static void run(Connection c, String script) throws SQLException {
        String resource = "/org/newsnode/storage/db/" + script;
        if (Migrations.class.getResource(resource) == null) {
            throw new SQLException("migration " + script + " is missing from the build");
        }
        try (Statement st = c.createStatement()) {
            st.execute("RUNSCRIPT FROM 'classpath:" + resource + "' CHARSET 'UTF-8'");
        }
    }
}
