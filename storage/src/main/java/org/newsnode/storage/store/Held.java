package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Articles held in {@code junk} (INN's name) because none of their groups is carried yet
 * while a control rule could create one: a newgroup may be behind them in another peer's
 * queue. When a group is created, every held article naming it is filed into the groups it
 * names that are carried now, with its Xref rewritten, as a logged record (a replay repeats it).
 */
final class Held {
    static final String JUNK = "junk";
    private static final Logger log = LoggerFactory.getLogger("newsnode.storage");

    private Held() {
    }

    /** A junk row read before any is refiled (the refiling writes the same tables). */
    private record HeldRow(long articleId, String messageId, int segment, long offset, int length) {
    }

    /** In the writer's transaction, right after {@code created} exists: files the held articles naming it. */
    static int release(WriteTransaction tx, String created) throws SQLException {
        Group junk = tx.group(JUNK);
        if (junk == null || junk.count() == 0 || created.equals(JUNK)) {
            return 0;
        }
        PreparedStatement ps = tx.prepare("SELECT a.id, a.message_id, a.segment, a.wire_offset, a.wire_length FROM group_article ga "
                + "JOIN article a ON a.id = ga.article_id WHERE ga.group_id = ? ORDER BY ga.number");
        ps.setInt(1, junk.id());
        List<HeldRow> held = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.add(new HeldRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getInt(5)));
            }
        }
        int filed = 0;
        for (HeldRow h : held) {
            Article a;
            try {
                a = Article.parse(WireFormat.undotStuff(tx.log().read(h.segment(), h.offset(), h.length())));
            } catch (IOException | ArticleFormatException e) {
                log.warn("held article {} cannot be read to file it ({}); it stays in junk", h.messageId(), e.getMessage());
                continue;
            }
            List<String> names = a.newsgroups();
            if (names == null || !names.contains(created)) {
                continue;
            }
            Map<String, Long> numbers = new LinkedHashMap<>();
            String xref = a.header("Xref");
            StringBuilder x = new StringBuilder(xref == null ? "" : xref.strip().split("[ \t]+")[0]);
            for (String name : names) {
                Group g = tx.group(name);
                if (g != null && !name.equals(JUNK) && !numbers.containsKey(name)) {
                    long n = g.high() + 1;
                    numbers.put(name, n);
                    x.append(' ').append(name).append(':').append(n);
                }
            }
            PreparedArticle.Stored s = PreparedArticle.of(a, null).withXref(x.toString());
            var record = new ArticleLog.RefileRecord(h.articleId(), h.messageId(), numbers, s.overview(), s.bodyOffset(), s.wire());
            apply(tx, record, tx.log().append(record));
            filed++;
        }
        if (filed > 0) {
            log.info("{} held article(s) filed into {} now that it exists", filed, created);
        }
        return filed;
    }

    /** Applies a refile record: out of junk, into its groups, its rows pointing at the rewritten wire bytes. */
    static boolean apply(WriteTransaction tx, ArticleLog.RefileRecord r, ArticleLog.Position wire) throws SQLException {
        PreparedStatement a = tx.prepare("UPDATE article SET segment = ?, wire_offset = ?, wire_length = ?, body_offset = ? "
                + "WHERE id = ?");
        a.setInt(1, wire.segment());
        a.setLong(2, wire.offset());
        a.setInt(3, r.wire().length);
        a.setInt(4, r.bodyOffset());
        a.setLong(5, r.articleId());
        if (a.executeUpdate() == 0) {
            return false; // gone meanwhile (expired, cancelled)
        }
        Group junk = tx.group(JUNK);
        if (junk != null) {
            PreparedStatement out = tx.prepare("DELETE FROM group_article WHERE group_id = ? AND article_id = ?");
            out.setInt(1, junk.id());
            out.setLong(2, r.articleId());
            if (out.executeUpdate() > 0) {
                Changes.numbersRemoved(tx, junk, 1);
            }
        }
        PreparedStatement num = Changes.numberInsert(tx);
        for (Map.Entry<String, Long> e : r.numbers().entrySet()) {
            Group g = tx.group(e.getKey());
            if (g == null) {
                continue;
            }
            num.setInt(1, g.id());
            num.setLong(2, e.getValue());
            num.setLong(3, r.articleId());
            num.setString(4, r.messageId());
            num.setInt(5, wire.segment());
            num.setLong(6, wire.offset());
            num.setInt(7, r.wire().length);
            num.setInt(8, r.bodyOffset());
            num.setBytes(9, r.overview());
            num.executeUpdate();
            Changes.counted(tx, g, e.getValue());
        }
        return true;
    }
}
