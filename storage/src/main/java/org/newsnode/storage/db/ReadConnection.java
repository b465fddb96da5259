package org.newsnode.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A pooled read connection that keeps its prepared statements, so a hot lookup (ARTICLE by
 * number) does not build and close a statement object per request.
 */
public final class ReadConnection {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    ReadConnection(Connection connection) {
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
