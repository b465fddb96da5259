package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every stored article, oldest first, with the groups it is in and its bytes from the log (for export). */
final class ArticleExport {
    /** One article's row, before its groups are all read. */
    private record Row(String messageId, long posted, long arrived, int segment, long offset, int length) {
    }

    private ArticleExport() {
    }

    /** Calls {@code each} per article until it returns false. */
    static void forEach(Connection c, ArticleLog log, Predicate<Storage.Exported> each) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT a.id, a.message_id, a.posted, a.arrived, a.segment, a.wire_offset, "
                     + "a.wire_length, g.name FROM article a JOIN group_article ga ON ga.article_id = a.id "
                     + "JOIN newsgroup g ON g.id = ga.group_id ORDER BY a.id, g.name")) {
            long current = -1;
            Row row = null;
            List<String> groups = new ArrayList<>();
            while (rs.next()) {
                if (rs.getLong(1) != current) {
                    if (row != null && !each.test(exported(log, row, groups))) {
                        return;
                    }
                    current = rs.getLong(1);
                    row = new Row(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getLong(6), rs.getInt(7));
                    groups = new ArrayList<>();
                }
                groups.add(rs.getString(8));
            }
            if (row != null) {
                each.test(exported(log, row, groups));
            }
        }
    }

    private static Storage.Exported exported(ArticleLog log, Row row, List<String> groups) throws SQLException {
        try {
            byte[] wire = log.read(row.segment(), row.offset(), row.length());
            return new Storage.Exported(row.messageId(), row.posted(), row.arrived(), List.copyOf(groups), wire);
        } catch (IOException e) {
            throw new SQLException("reading article " + row.messageId() + " from the article log: " + e.getMessage(), e);
        }
    }
}
