package org.newsnode.storage.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What readers (and the feeder, for a queued article's bytes) ask of the store, INN's
 * storage API and overview in one: an article by group number, by Message-ID or by its
 * internal id, the groups it is filed in, the next and previous numbers, overview and
 * number ranges in pages (each page one short query walking the index), NEWNEWS candidates.
 * Reads only, each on a pooled connection; writes go through the writer.
 */
public final class ArticleReader {
    private final Storage storage;

    ArticleReader(Storage storage) {
        this.storage = storage;
    }

    /*
     * Paged reads name the whole key in ORDER BY (group_id, number / id): H2 then walks the
     * index and stops at LIMIT (QueryPlanTest).
     */
    /** A page of NEWNEWS candidates by id alone, so H2 walks the primary key (a clock set back is filtered in Java). */
    static final String NEWNEWS_PAGE = "SELECT a.id, a.message_id, a.distribution, g.name, a.arrived "
            + "FROM (SELECT id, message_id, distribution, arrived FROM article WHERE id > ? ORDER BY id LIMIT ?) a "
            // LEFT JOINs: a page of articles in no group (expiry half way) still moves the cursor on
            + "LEFT JOIN group_article ga ON ga.article_id = a.id LEFT JOIN newsgroup g ON g.id = ga.group_id ORDER BY a.id";

    /** A page of a group's rows numbered in a range. */
    static String groupScan(String columns) {
        return "SELECT " + columns + " FROM group_article WHERE group_id = ? AND number BETWEEN ? AND ? "
                + "ORDER BY group_id, number LIMIT ?";
    }
    /** An article's wire bytes by its internal id (for the feeder), or null when it is gone. */
    public StoredArticle byArticleId(long articleId) {
        return storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT message_id, segment, wire_offset, wire_length, body_offset "
                    + "FROM article WHERE id = ?");
            ps.setLong(1, articleId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? load(0, rs) : null;
            }
        });
    }
    public StoredArticle byNumber(Group group, long number) {
        return storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT message_id, segment, wire_offset, wire_length, body_offset "
                    + "FROM group_article WHERE group_id = ? AND number = ?");
            ps.setInt(1, group.id());
            ps.setLong(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? load(number, rs) : null;
            }
        });
    }

    /** The groups an article is filed in (empty when unknown or gone). */
    public List<String> groupsOf(String messageId) {
        return storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT g.name FROM history h JOIN group_article ga ON ga.article_id = h.article_id "
                    + "JOIN newsgroup g ON g.id = ga.group_id WHERE h.message_id = ?");
            ps.setString(1, messageId);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    public StoredArticle byMessageId(String messageId) {
        return storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT a.message_id, a.segment, a.wire_offset, a.wire_length, "
                    + "a.body_offset FROM history h JOIN article a ON a.id = h.article_id WHERE h.message_id = ?");
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? load(0, rs) : null;
            }
        });
    }

    /** Reads an article's bytes from the log for a row (message_id, segment, offset, length, body_offset). */
    private StoredArticle load(long number, ResultSet rs) throws SQLException {
        try {
            byte[] wire = storage.writer().articleLog().read(rs.getInt(2), rs.getLong(3), rs.getInt(4));
            return new StoredArticle(number, rs.getString(1), wire, rs.getInt(5));
        } catch (java.io.IOException e) {
            throw new SQLException("reading article " + rs.getString(1) + " from the article log: " + e.getMessage(), e);
        }
    }

    /** The Message-ID of the article with that number, or null. */
    public String messageIdAt(Group group, long number) {
        return storage.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id FROM group_article "
                    + "WHERE group_id = ? AND number = ?")) {
                ps.setInt(1, group.id());
                ps.setLong(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The next existing number after {@code after}, or -1. */
    public long nextNumber(Group group, long after) {
        return scalar("SELECT MIN(number) FROM group_article WHERE group_id = ? AND number > ?", group, after);
    }

    /** The previous existing number before {@code before}, or -1. */
    public long previousNumber(Group group, long before) {
        return scalar("SELECT MAX(number) FROM group_article WHERE group_id = ? AND number < ?", group, before);
    }

    private long scalar(String sql, Group group, long arg) {
        return storage.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                ps.setInt(1, group.id());
                ps.setLong(2, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? -1 : v;
                }
            }
        });
    }

    /** Receives overview rows in number order. */
    @FunctionalInterface
    public interface OverviewSink {
        void row(long number, byte[] overview);
    }

    /**
     * At most {@code limit} overview rows of numbers from..to, in order; returns the last number
     * given, or -1 when there was none (a scan in steps goes on after it, with no cursor held).
     */
    public long overview(Group group, long from, long to, int limit, OverviewSink sink) {
        return scan("number, overview", group, from, to, limit, rs -> sink.row(rs.getLong(1), rs.getBytes(2)));
    }

    /** At most {@code limit} article numbers from..to in order; returns the last, or -1 when none. */
    public long numbers(Group group, long from, long to, int limit, java.util.function.LongConsumer sink) {
        return scan("number", group, from, to, limit, rs -> sink.accept(rs.getLong(1)));
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** Streams the given columns (the number first) of at most limit rows numbered from..to; returns the last number or -1. */
    private long scan(String columns, Group group, long from, long to, int limit, RowHandler handler) {
        return storage.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(groupScan(columns))) {
                ps.setInt(1, group.id());
                ps.setLong(2, from);
                ps.setLong(3, to);
                ps.setInt(4, limit);
                long last = -1;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs);
                        last = rs.getLong(1);
                    }
                }
                return last;
            }
        });
    }

    /** The overview row of an article by Message-ID (any group it is in), or null. */
    public byte[] overviewByMessageId(String messageId) {
        return storage.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT ga.overview FROM history h JOIN group_article ga "
                    + "ON ga.article_id = h.article_id WHERE h.message_id = ? LIMIT 1")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Receives (article id, Message-ID, Distribution or null, group) for NEWNEWS, one row per group, an article's rows together. */
    @FunctionalInterface
    public interface NewNewsSink {
        void row(long articleId, String messageId, String distribution, String group);
    }

    /**
     * The articles after {@code afterArticleId} that arrived at or after the given time, in
     * arrival order, at most {@code limitArticles} of them; returns the last article id given,
     * or -1 when there was none.
     */
    public long newNews(long sinceMillis, long afterArticleId, int limitArticles, NewNewsSink sink) {
        return storage.read(c -> {
            long after = afterArticleId;
            if (after == 0) {
                // ids grow with arrival: start at the first article since then (one range read of the arrival index)
                PreparedStatement first = c.prepare("SELECT MIN(id) FROM article WHERE arrived >= ?");
                first.setLong(1, sinceMillis);
                try (ResultSet rs = first.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    if (rs.wasNull()) {
                        return -1L;
                    }
                    after = id - 1;
                }
            }
            PreparedStatement ps = c.prepare(NEWNEWS_PAGE);
            ps.setLong(1, after);
            ps.setInt(2, limitArticles);
            long last = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    if (rs.getString(4) != null && rs.getLong(5) >= sinceMillis) {
                        sink.row(last, rs.getString(2), rs.getString(3), rs.getString(4));
                    }
                }
            }
            return last;
        });
    }
}
