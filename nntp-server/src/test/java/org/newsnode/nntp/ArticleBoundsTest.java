package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleRules;
import org.newsnode.storage.store.HistoryState;

/**
 * What one article may make the node do: header fields and crossposts are bounded before any
 * check reads them, Newsgroups is parsed once, and a refusal's text stays one short line.
 */
class ArticleBoundsTest {
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient peer;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.withPeer(dir, "upstream", "peer.example", "");
        node.createGroup("local.test");
        peer = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        node.close();
    }

    /** Newsgroups naming local.test and then n - 1 other (uncarried) groups. */
    private static String manyGroups(int n) {
        return "local.test" + IntStream.range(1, n).mapToObj(i -> ",alt.g" + i).collect(Collectors.joining());
    }

    @Test
    void aHugeNewsgroupsHeaderIsRefusedByItsLengthOnPostAndTransit() throws Exception {
        String huge = manyGroups(20_000); // ~180 KB
        try (NntpTestClient poster = node.client()) {
            String r = poster.post(NntpTestClient.article(huge, "huge", "x"));
            assertTrue(r.startsWith("441 Header field Newsgroups too long ("), r);
            assertTrue(r.length() <= 510, "one short line: " + r.length());
        }
        String id = "<huge@peer.example>";
        String article = TransitTest.article(id, huge, "peer.example!not-for-mail");
        peer.send("TAKETHIS " + id + "\r\n" + NntpTestClient.dotStuff(article) + ".\r\n");
        String r = peer.readLine();
        assertTrue(r.startsWith("439 " + id), r);
        assertEquals(HistoryState.REJECTED, node.storage().history().state(id), "remembered: the peer stops offering it");
        assertEquals("111 ", node.client().cmd("DATE").substring(0, 4), "the node still answers");
    }

    @Test
    void moreThanTheCrosspostLimitIsRefused() throws Exception {
        try (NntpTestClient poster = node.client()) {
            String r = poster.post(NntpTestClient.article(manyGroups(ArticleRules.MAX_NEWSGROUPS + 1), "wide", "x"));
            assertEquals("441 Too many newsgroups (101; the limit is 100)", r);
            String ok = poster.post(NntpTestClient.article(manyGroups(ArticleRules.MAX_NEWSGROUPS), "wide enough", "x"));
            assertTrue(ok.startsWith("240 "), ok);
        }
        String id = "<ihave-wide@peer.example>";
        assertTrue(peer.cmd("IHAVE " + id).startsWith("335"));
        peer.send(NntpTestClient.dotStuff(TransitTest.article(id, manyGroups(150), "peer.example!not-for-mail")) + ".\r\n");
        assertEquals("437 Too many newsgroups (150; the limit is 100)", peer.readLine());
    }

    @Test
    void aLongDistributionOrOverviewFieldIsRefusedNotAStorageFailure() throws Exception {
        String id = "<dist@peer.example>";
        String article = TransitTest.article(id, "local.test", "peer.example!not-for-mail")
                .replace("\r\n\r\n", "\r\nDistribution: " + "d,".repeat(700) + "x\r\n\r\n");
        assertTrue(peer.cmd("IHAVE " + id).startsWith("335"));
        peer.send(NntpTestClient.dotStuff(article) + ".\r\n");
        String r = peer.readLine();
        assertTrue(r.startsWith("437 Distribution header field too long"), r + " (436 would make the peer retry for ever)");
        String big = "<subj@peer.example>";
        String longSubject = TransitTest.article(big, "local.test", "peer.example!not-for-mail")
                .replace("Subject: s ", "Subject: " + "y".repeat(ArticleRules.MAX_FIELD_OCTETS) + " ");
        assertTrue(peer.cmd("IHAVE " + big).startsWith("335"));
        peer.send(NntpTestClient.dotStuff(longSubject) + ".\r\n");
        assertTrue(peer.readLine().startsWith("437 Header field Subject too long"));
    }

    @Test
    void refusalsQuotingTheClientStayUnder512Octets() throws Exception {
        try (NntpTestClient poster = node.client()) {
            String r = poster.post(NntpTestClient.article("local.test", "bad date", "x")
                    .replace("Subject: ", "Date: " + "9".repeat(10_000) + "\r\nSubject: "));
            assertTrue(r.startsWith("441 Can't parse Date header field body"), r);
            assertTrue(r.getBytes(StandardCharsets.UTF_8).length + 2 <= 512, r.length() + " octets");
        }
    }

    @Test
    void newsgroupsAreParsedOncePerArticle() throws Exception {
        Article a = Article.parse(NntpTestClient.article("local.test,local.other,local.test", "s", "b")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(java.util.List.of("local.test", "local.other"), a.newsgroups());
        assertSame(a.newsgroups(), a.newsgroups(), "kept, not parsed again");
    }

    @Test
    void controlCharactersFromAClientNeverReachAReplyRaw() throws Exception {
        try (NntpTestClient c = node.client()) {
            String r = c.cmd("GROUP a\rfake\u001b[2J");
            assertEquals("411 No such group a?fake?[2J", r, "a CR in the line cannot start a second reply line");
            String post = c.post(NntpTestClient.article("local.test", "esc", "x").replace("Newsgroups: local.test",
                    "Newsgroups: \u001b[31mred"));
            assertTrue(post.startsWith("441 No valid newsgroups in \"?[31mred\""), post);
        }
    }
}
