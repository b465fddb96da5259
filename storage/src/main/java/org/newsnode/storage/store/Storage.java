package org.newsnode.storage.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.NewsgroupNames;
import org.newsnode.storage.article.WireFormat;
import org.newsnode.storage.db.Database;

/**
 * The node's data: groups, articles with their per-group numbers and overview, and history,
 * all in one H2 database and changed in one transaction. Reads go straight to the database
 * (groups come from the writer's committed snapshot); every write goes through the
 * group-commit {@link StoreWriter}.
 */
public final class Storage implements AutoCloseable {
    private final Database db;
    private final StoreWriter writer;
    private final Clock clock;

    private Storage(Database db, StoreWriter writer, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    public static Storage open(Path dir, int cacheMb, Clock clock) throws SQLException {
        Database db = Database.open(dir, cacheMb);
        try {
            return new Storage(db, new StoreWriter(db), clock);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Clock clock() {
        return clock;
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

    /**
     * Creates a group; numbering continues after the high water mark of an earlier group of
     * the same name, so article numbers are never reused (RFC 3977 §6).
     */
    public CompletableFuture<Group> createGroup(String name, String description, char status, String creator) {
        if (!NewsgroupNames.isValid(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "invalid newsgroup name \"" + name + "\" (RFC 5536 §3.1.4: dot-separated components of letters, digits, '+', '-', '_')"));
        }
        if (status != Group.POSTING && status != Group.NO_POSTING && status != Group.MODERATED) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid group status " + status));
        }
        long now = clock.millis();
        return writer.submit(tx -> {
            if (tx.group(name) != null) {
                throw new IllegalArgumentException("group " + name + " already exists");
            }
            long high = 0;
            PreparedStatement retired = tx.prepare("SELECT high FROM retired_group WHERE name = ?");
            retired.setString(1, name);
            try (ResultSet rs = retired.executeQuery()) {
                if (rs.next()) {
                    high = rs.getLong(1);
                }
            }
            Group g = new Group(tx.allocateGroupId(), name, description == null ? "" : description, status,
                    high + 1, high, 0, now, creator);
            PreparedStatement ps = tx.prepare("INSERT INTO newsgroup (id, name, description, status, low, high, "
                    + "article_count, created, creator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setInt(1, g.id());
            ps.setString(2, g.name());
            ps.setString(3, g.description());
            ps.setString(4, String.valueOf(g.status()));
            ps.setLong(5, g.low());
            ps.setLong(6, g.high());
            ps.setLong(7, 0);
            ps.setLong(8, now);
            ps.setString(9, creator);
            ps.executeUpdate();
            tx.putGroup(g);
            return g;
        });
    }

    /**
     * Removes a group and its article numbers; articles left in no group are deleted and their
     * Message-IDs stay in history (state E) so they are not taken again.
     */
    public CompletableFuture<Group> removeGroup(String name) {
        return writer.submit(tx -> {
            Group g = tx.group(name);
            if (g == null) {
                throw new IllegalArgumentException("no such group " + name);
            }
            PreparedStatement retire = tx.prepare("MERGE INTO retired_group (name, high) KEY (name) VALUES (?, ?)");
            retire.setString(1, name);
            retire.setLong(2, g.high());
            retire.executeUpdate();
            PreparedStatement numbers = tx.prepare("DELETE FROM group_article WHERE group_id = ?");
            numbers.setInt(1, g.id());
            numbers.executeUpdate();
            PreparedStatement gone = tx.prepare("UPDATE history SET state = 'E', article_id = NULL WHERE article_id IN "
                    + "(SELECT a.id FROM article a WHERE NOT EXISTS (SELECT 1 FROM group_article ga WHERE ga.article_id = a.id))");
            gone.executeUpdate();
            PreparedStatement orphans = tx.prepare("DELETE FROM article a WHERE NOT EXISTS "
                    + "(SELECT 1 FROM group_article ga WHERE ga.article_id = a.id)");
            orphans.executeUpdate();
            PreparedStatement row = tx.prepare("DELETE FROM newsgroup WHERE id = ?");
            row.setInt(1, g.id());
            row.executeUpdate();
            tx.removeGroup(g);
            return g;
        });
    }

    // ---------------------------------------------------------------- articles: write

    /**
     * Stores a checked article in every carried group it names, with an Xref header naming
     * its numbers (RFC 5536 §3.2.14), its overview rows and its history row, in one transaction.
     */
    public CompletableFuture<StoreResult> store(Article article, String messageId, List<String> newsgroups,
                                                long postedSeconds, String pathIdentity) {
        long arrived = clock.millis();
        return writer.submit(tx -> insert(tx, article, messageId, newsgroups, postedSeconds, pathIdentity, arrived));
    }

    private static StoreResult insert(WriteTransaction tx, Article article, String messageId, List<String> newsgroups,
                                      long postedSeconds, String pathIdentity, long arrived) throws SQLException {
        PreparedStatement seen = tx.prepare("SELECT 1 FROM history WHERE message_id = ?");
        seen.setString(1, messageId);
        try (ResultSet rs = seen.executeQuery()) {
            if (rs.next()) {
                return new StoreResult(StoreResult.Outcome.DUPLICATE, messageId, Map.of());
            }
        }
        List<Group> targets = new ArrayList<>();
        for (String name : newsgroups) {
            Group g = tx.group(name);
            if (g != null) {
                targets.add(g);
            }
        }
        if (targets.isEmpty()) {
            return new StoreResult(StoreResult.Outcome.NO_GROUPS, messageId, Map.of());
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        StringBuilder xref = new StringBuilder(pathIdentity);
        for (Group g : targets) {
            long n = g.high() + 1;
            numbers.put(g.name(), n);
            xref.append(' ').append(g.name()).append(':').append(n);
        }
        Article stored = article.rewrite(List.of("Xref"), List.of(), List.of("Xref: " + xref));
        byte[] head = WireFormat.dotStuff(stored.raw(), 0, stored.bodyStart());
        byte[] body = WireFormat.dotStuff(stored.raw(), stored.bodyStart(), stored.size());
        byte[] wire = new byte[head.length + body.length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        long id = tx.allocateArticleId();
        PreparedStatement ins = tx.prepare("INSERT INTO article (id, message_id, wire, body_offset, arrived, posted, "
                + "distribution) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ins.setLong(1, id);
        ins.setString(2, messageId);
        ins.setBytes(3, wire);
        ins.setInt(4, head.length);
        ins.setLong(5, arrived);
        ins.setLong(6, postedSeconds);
        ins.setString(7, stored.header("Distribution"));
        ins.executeUpdate();
        byte[] overview = Overview.build(stored, xref.toString());
        PreparedStatement num = tx.prepare(
                "INSERT INTO group_article (group_id, number, article_id, overview) VALUES (?, ?, ?, ?)");
        for (Group g : targets) {
            long n = numbers.get(g.name());
            num.setInt(1, g.id());
            num.setLong(2, n);
            num.setLong(3, id);
            num.setBytes(4, overview);
            num.addBatch();
        }
        num.executeBatch();
        PreparedStatement hist = tx.prepare(
                "INSERT INTO history (message_id, state, arrived, posted, article_id) VALUES (?, 'A', ?, ?, ?)");
        hist.setString(1, messageId);
        hist.setLong(2, arrived);
        hist.setLong(3, postedSeconds);
        hist.setLong(4, id);
        hist.executeUpdate();
        for (Group g : targets) {
            long n = numbers.get(g.name());
            tx.putGroup(g.withNumbers(g.isEmpty() ? n : g.low(), n, g.count() + 1));
        }
        return new StoreResult(StoreResult.Outcome.ACCEPTED, messageId, numbers);
    }

    // ---------------------------------------------------------------- articles: read

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Query<T> q) {
        Connection c = null;
        try {
            c = db.borrow();
            T result = q.run(c);
            db.release(c);
            return result;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the connection is discarded either way
                }
            }
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    /** True when the Message-ID is in history in any state. */
    public boolean seen(String messageId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM history WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public StoredArticle byNumber(Group group, long number) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.message_id, a.wire, a.body_offset FROM "
                    + "group_article ga JOIN article a ON a.id = ga.article_id WHERE ga.group_id = ? AND ga.number = ?")) {
                ps.setInt(1, group.id());
                ps.setLong(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new StoredArticle(number, rs.getString(1), rs.getBytes(2), rs.getInt(3)) : null;
                }
            }
        });
    }

    public StoredArticle byMessageId(String messageId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.message_id, a.wire, a.body_offset FROM "
                    + "history h JOIN article a ON a.id = h.article_id WHERE h.message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new StoredArticle(0, rs.getString(1), rs.getBytes(2), rs.getInt(3)) : null;
                }
            }
        });
    }

    /** The Message-ID of the article with that number, or null. */
    public String messageIdAt(Group group, long number) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.message_id FROM group_article ga "
                    + "JOIN article a ON a.id = ga.article_id WHERE ga.group_id = ? AND ga.number = ?")) {
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
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
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

    /** Streams the overview rows of numbers from..to (inclusive) in order. */
    public void overview(Group group, long from, long to, OverviewSink sink) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number, overview FROM group_article "
                    + "WHERE group_id = ? AND number BETWEEN ? AND ? ORDER BY number")) {
                ps.setInt(1, group.id());
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.row(rs.getLong(1), rs.getBytes(2));
                    }
                }
            }
            return null;
        });
    }

    /** Article numbers from..to (inclusive) in order (LISTGROUP). */
    public void numbers(Group group, long from, long to, java.util.function.LongConsumer sink) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number FROM group_article "
                    + "WHERE group_id = ? AND number BETWEEN ? AND ? ORDER BY number")) {
                ps.setInt(1, group.id());
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getLong(1));
                    }
                }
            }
            return null;
        });
    }

    /** The overview row of an article by Message-ID (any group it is in), or null. */
    public byte[] overviewByMessageId(String messageId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ga.overview FROM history h JOIN group_article ga "
                    + "ON ga.article_id = h.article_id WHERE h.message_id = ? LIMIT 1")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Receives (Message-ID, Distribution or null, group) for NEWNEWS, one row per group. */
    @FunctionalInterface
    public interface NewNewsSink {
        void row(String messageId, String distribution, String group);
    }

    /** Articles that arrived at or after the given time, in arrival order. */
    public void newNews(long sinceMillis, NewNewsSink sink) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.message_id, a.distribution, g.name FROM article a "
                    + "JOIN group_article ga ON ga.article_id = a.id JOIN newsgroup g ON g.id = ga.group_id "
                    + "WHERE a.arrived >= ? ORDER BY a.id")) {
                ps.setLong(1, sinceMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.row(rs.getString(1), rs.getString(2), rs.getString(3));
                    }
                }
            }
            return null;
        });
    }

    /** Finishes queued writes, then closes the database cleanly. */
    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
