package org.newsnode.storage.article;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static final String GOOD = "Path: a!b\r\nFrom: X <x@example.org>\r\nNewsgroups: local.test, misc.test\r\n"
            + "Subject: a folded\r\n\tsubject line\r\nDate: Sat, 21 Nov 2026 09:00:00 +0000\r\n"
            + "Message-ID: <id@example.org>\r\n\r\nbody line 1\r\nbody line 2\r\n";

    @Test
    void headerIndexIsCaseInsensitiveAndUnfolds() throws Exception {
        Article a = Article.parse(b(GOOD));
        assertEquals("a folded\tsubject line", a.header("subject"));
        assertEquals("<id@example.org>", a.header("MESSAGE-ID"));
        assertEquals(6, a.fields().size());
        assertEquals(2, a.bodyLines());
        assertEquals("body line 1\r\nbody line 2\r\n",
                new String(a.raw(), a.bodyStart(), a.size() - a.bodyStart(), StandardCharsets.ISO_8859_1));
        assertArrayEquals(b(GOOD), a.raw(), "bytes kept as received");
        ArticleRules.checkHeaders(a);
        assertEquals(List.of("local.test", "misc.test"), NewsgroupNames.parseList(a.header("Newsgroups")));
    }

    @Test
    void eightBitValuesSurviveAsBytes() throws Exception {
        byte[] utf8 = "Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        Article a = Article.parse(utf8);
        assertEquals("Grüße", Bytes.displayUtf8(a.header("Subject")));
        assertArrayEquals("Grüße".getBytes(StandardCharsets.UTF_8), Bytes.latin1(a.header("Subject")));
    }

    @Test
    void structuralErrors() {
        assertEquals("Header line without colon: nocolon",
                assertThrows(ArticleFormatException.class, () -> Article.parse(b("nocolon\r\n\r\nx\r\n"))).getMessage());
        assertEquals("Continuation line with no header field before it",
                assertThrows(ArticleFormatException.class, () -> Article.parse(b(" x: y\r\n\r\n"))).getMessage());
        assertEquals("Header field with empty name",
                assertThrows(ArticleFormatException.class, () -> Article.parse(b(": y\r\n\r\n"))).getMessage());
        assertEquals("Nul character in header",
                assertThrows(ArticleFormatException.class, () -> Article.parse(b("A: \0\r\n\r\n"))).getMessage());
    }

    @Test
    void rulesName() throws Exception {
        String noDate = GOOD.replace("Date: Sat, 21 Nov 2026 09:00:00 +0000\r\n", "");
        assertEquals("Missing required Date header field", assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkHeaders(Article.parse(b(noDate)))).getMessage());
        String twoPaths = "Path: x\r\n" + GOOD;
        assertEquals("Duplicate Path header field", assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkHeaders(Article.parse(b(twoPaths)))).getMessage());
        // field names are case-insensitive (RFC 5322 §1.2.2), both for a duplicate and for a field that is there
        String twoIds = "message-id: <other@example.org>\r\n" + GOOD;
        assertEquals("Duplicate Message-ID header field", assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkDuplicates(Article.parse(b(twoIds)))).getMessage());
        String lowerDate = GOOD.replace("Date: ", "DATE: ");
        ArticleRules.checkHeaders(Article.parse(b(lowerDate)));
        String twoOfEach = "Subject: again\r\nPath: y\r\n" + GOOD;
        assertEquals("Duplicate Path header field", assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkHeaders(Article.parse(b(twoOfEach)))).getMessage(), "named in the singletons' order, as before");
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        ArticleRules.checkDate(now.minus(Duration.ofDays(9)), now, Duration.ofDays(10), Duration.ofDays(1));
        assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkDate(now.minus(Duration.ofDays(11)), now, Duration.ofDays(10), Duration.ofDays(1)));
        assertThrows(ArticleFormatException.class,
                () -> ArticleRules.checkDate(now.plus(Duration.ofHours(25)), now, Duration.ofDays(10), Duration.ofDays(1)));
    }

    @Test
    void rewriteRemovesAndAddsFieldsKeepingTheRest() throws Exception {
        Article a = Article.parse(b("Xref: old\r\nSubject: s\r\nXref: old2\r\n  folded\r\n\r\nbody\r\n"));
        Article r = a.rewrite(List.of("xref"), List.of("Path: p"), List.of("Xref: new 1"));
        assertEquals("Path: p\r\nSubject: s\r\nXref: new 1\r\n\r\nbody\r\n", new String(r.raw(), StandardCharsets.ISO_8859_1));
        Article headerOnly = Article.parse(b("Subject: s\r\n"));
        assertEquals("Subject: s\r\nA: b\r\n\r\n",
                new String(headerOnly.rewrite(List.of(), List.of(), List.of("A: b")).raw(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void messageIds() {
        assertTrue(MessageIds.isValid("<a@b>"));
        assertTrue(MessageIds.isValid("<a.b$c@d.e>"));
        assertFalse(MessageIds.isValid("a@b"));
        assertFalse(MessageIds.isValid("<a b@c>"));
        assertFalse(MessageIds.isValid("<ab>"));
        assertFalse(MessageIds.isValid("<@b>"));
        assertFalse(MessageIds.isValid("<a@>"));
        assertFalse(MessageIds.isValid("<a<b@c>"));
        assertFalse(MessageIds.isValid("<é@c>"));
        assertTrue(MessageIds.isValid("<" + "x".repeat(246) + "@y>"), "250 octets");
        assertFalse(MessageIds.isValid("<" + "x".repeat(247) + "@y>"), "251 octets");
    }

    @Test
    void newsgroupNames() {
        assertTrue(NewsgroupNames.isValid("comp.lang.java"));
        assertTrue(NewsgroupNames.isValid("alt.fan+club_x-y"));
        assertFalse(NewsgroupNames.isValid("a..b"));
        assertFalse(NewsgroupNames.isValid(".a"));
        assertFalse(NewsgroupNames.isValid("a."));
        assertFalse(NewsgroupNames.isValid("a b"));
        assertFalse(NewsgroupNames.isValid("a*b"));
        assertNull(NewsgroupNames.parseList("a,,b"));
        assertEquals(List.of("a.b", "c.d"), NewsgroupNames.parseList("a.b , c.d,a.b"));
    }

    @Test
    void dotStuffing() {
        byte[] raw = b(".a\r\nb\r\n..c\r\nno newline");
        assertEquals("..a\r\nb\r\n...c\r\nno newline\r\n",
                new String(WireFormat.dotStuff(raw, 0, raw.length), StandardCharsets.ISO_8859_1));
    }
}
