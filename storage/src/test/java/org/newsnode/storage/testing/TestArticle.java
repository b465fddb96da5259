package org.newsnode.storage.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.store.Arrival;

/**
 * The one article builder for every module's tests: an article as a peer relays it
 * ({@link #relayed}: Path, From, Newsgroups, Subject, Date, Message-ID) or as a reader posts
 * it ({@link #posted}: no Path, Date or Message-ID), changed field by field, as text (CRLF),
 * octets, a parsed {@link Article} or an {@link Arrival}.
 */
public final class TestArticle {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body = "body";

    private TestArticle() {
    }

    /** A relayed article: Path {@code x!not-for-mail}, group local.test, dated an hour ago. */
    public static TestArticle relayed(String messageId) {
        TestArticle a = new TestArticle();
        a.headers.put("Path", "x!not-for-mail");
        a.headers.put("From", "a@b.example");
        a.headers.put("Newsgroups", "local.test");
        a.headers.put("Subject", "s " + messageId);
        a.headers.put("Date", NetnewsDates.format(Instant.now().minusSeconds(3600)));
        a.headers.put("Message-ID", messageId);
        a.body = "body of " + messageId;
        return a;
    }

    /** What a newsreader posts: From, Newsgroups, Subject and a body; the server adds the rest. */
    public static TestArticle posted(String groups, String subject, String body) {
        TestArticle a = new TestArticle();
        a.headers.put("From", "Tester <tester@example.org>");
        a.headers.put("Newsgroups", groups);
        a.headers.put("Subject", subject);
        a.body = body;
        return a;
    }

    /** Sets (or, with null, removes) a header field; a new one goes last. */
    public TestArticle header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public TestArticle groups(String groups) {
        return header("Newsgroups", groups);
    }

    public TestArticle path(String path) {
        return header("Path", path);
    }

    public TestArticle date(Instant when) {
        return header("Date", NetnewsDates.format(when));
    }

    public TestArticle body(String text) {
        body = text;
        return this;
    }

    /** A body of {@code octets} 'x' characters (one line). */
    public TestArticle bodyOf(int octets) {
        body = "x".repeat(octets);
        return this;
    }

    /** The article as sent (CRLF line ends, not dot-stuffed, ending with CRLF). */
    public String text() {
        StringBuilder b = new StringBuilder();
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        return b.append("\r\n").append(body).append("\r\n").toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.ISO_8859_1);
    }

    public Article parse() {
        try {
            return Article.parse(bytes());
        } catch (ArticleFormatException e) {
            throw new IllegalStateException("a test article that does not parse: " + e.getMessage(), e);
        }
    }

    /** Ready for {@code Storage.store}: filed in its Newsgroups, posted at 0, from nobody (local). */
    public Arrival arrival(String pathIdentity) {
        return Arrival.local(parse(), headers.get("Message-ID"), List.copyOf(Arrays.asList(headers.get("Newsgroups").split(","))),
                0, pathIdentity);
    }
}
