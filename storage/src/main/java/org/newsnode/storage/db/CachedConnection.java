package org.newsnode.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection that keeps its prepared statements, so a hot statement (ARTICLE by number,
 * the writer's inserts) is not built and closed per use. Pooled for reads; the writer has one.
 */
public final class CachedConnection {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    public CachedConnection(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** A cached statement; do not close it. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    public void close() {
        try {
            connection.close(); // closes its statements too
        } catch (SQLException ignored) {
            // a read connection holds no changes
        }
    }
}
