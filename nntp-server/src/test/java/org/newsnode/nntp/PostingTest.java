package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;

/** POST as injection (RFC 5537 §3.5) and every refusal with its 441 text; nothing refused is stored. */
class PostingTest {
    static final String FROM = "From: Poster <poster@example.org>\r\n";
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient c;

    @BeforeEach
    void start() throws Exception {
        NodeConfig config = NodeConfig.parse("""
                path-identity = "inject.example"
                server.listen = "127.0.0.1:0"
                server.motd = "Hello readers\\n.dotted line"
                server.distrib-pats = ["10:local.*:local"]
                articles.max-size = 4096
                """, "test.toml");
        node = TestNode.start(dir, config, Clock.systemUTC());
        node.createGroup("local.test");
        node.createGroup("local.mod", Group.MODERATED);
        node.createGroup("local.ro", Group.NO_POSTING);
        c = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        node.close();
    }

    private void assertRefused(String article, String expected) throws Exception {
        long before = node.storage().group("local.test").count();
        assertEquals("441 " + expected, c.post(article));
        assertEquals(before, node.storage().group("local.test").count(), "nothing stored");
        assertEquals("211 " + before + " ", c.cmd("GROUP local.test").substring(0, 5 + String.valueOf(before).length()),
                "the session still answers");
    }

    @Test
    void injectionAddsPathMessageIdDatesAndInjectionInfo() throws Exception {
        String first = c.cmd("POST");
        assertTrue(first.matches("340 Ok, recommended Message-ID <[^>]+@inject\\.example>"), first);
        String recommended = first.substring(first.indexOf('<'));
        c.send(FROM + "Newsgroups: local.test\r\nSubject: hi\r\nXref: bogus local.test:99\r\n\r\nhello\r\n.\r\n");
        assertEquals("240 Article received " + recommended, c.readLine());
        List<String> head = c.multi("HEAD " + recommended);
        assertEquals("Path: inject.example!not-for-mail", head.get(1), "Path first, INN's form");
        assertTrue(head.contains("Message-ID: " + recommended));
        assertTrue(head.stream().anyMatch(h -> h.startsWith("Date: ")));
        String injDate = head.stream().filter(h -> h.startsWith("Injection-Date: ")).findFirst().orElseThrow();
        Instant injected = NetnewsDates.parse(injDate.substring(16));
        assertTrue(Math.abs(injected.getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        assertTrue(head.contains("Injection-Info: inject.example; posting-host=\"127.0.0.1\""), head.toString());
        assertTrue(head.contains("Xref: inject.example local.test:1"), "the client's Xref is replaced");
        assertFalse(head.contains("Xref: bogus local.test:99"));
    }

    @Test
    void clientMessageIdPathAndDateAreKept() throws Exception {
        String date = NetnewsDates.format(Instant.now().minus(1, ChronoUnit.HOURS));
        String r = c.post(FROM + "Newsgroups: local.test\r\nSubject: s\r\nMessage-ID: <mine@example.org>\r\n"
                + "Path: client.example!someone\r\nDate: " + date + "\r\n\r\nb\r\n");
        assertEquals("240 Article received <mine@example.org>", r);
        List<String> head = c.multi("HEAD <mine@example.org>");
        assertTrue(head.contains("Path: inject.example!client.example!someone"));
        assertTrue(head.contains("Date: " + date));
    }

    /** The bad-input catalogue for POST: each case gets 441 with INN's text, stores nothing, and the session goes on. */
    /** Whole seconds, so the date in innd's text reads back the same. */
    private static final Instant INJECTED_LONG_AGO = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    static java.util.stream.Stream<Arguments> badArticles() {
        return java.util.stream.Stream.of(
                Arguments.of("missing From", "Newsgroups: local.test\r\nSubject: s\r\n\r\nb\r\n", "Missing required From header field"),
                Arguments.of("missing Newsgroups", FROM + "Subject: s\r\n\r\nb\r\n", "Missing required Newsgroups header field"),
                Arguments.of("missing Subject", FROM + "Newsgroups: local.test\r\n\r\nb\r\n", "Missing required Subject header field"),
                Arguments.of("duplicate mandatory header", FROM + "Newsgroups: local.test\r\nSubject: a\r\nSubject: b\r\n\r\nb\r\n",
                "Duplicate Subject header field"),
                Arguments.of("Message-ID without brackets", FROM + "Newsgroups: local.test\r\nSubject: s\r\nMessage-ID: no-brackets@x\r\n\r\nb\r\n",
                "Can't parse Message-ID header field body"),
                Arguments.of("Message-ID over 250 octets", FROM + "Newsgroups: local.test\r\nSubject: s\r\nMessage-ID: <" + "x".repeat(250) + "@y>\r\n\r\nb\r\n",
                "Can't parse Message-ID header field body"),
                Arguments.of("unknown group", FROM + "Newsgroups: no.such.group\r\nSubject: s\r\n\r\nb\r\n",
                "No valid newsgroups in \"no.such.group\""),
                Arguments.of("invalid group name", FROM + "Newsgroups: bad..name\r\nSubject: s\r\n\r\nb\r\n", "No valid newsgroups in \"bad..name\""),
                Arguments.of("read-only group", FROM + "Newsgroups: local.ro\r\nSubject: s\r\n\r\nb\r\n", "Posting to local.ro is not allowed"),
                Arguments.of("moderated group without Approved and no moderator to mail it to",
                        FROM + "Newsgroups: local.mod\r\nSubject: s\r\n\r\nb\r\n", "No moderator address for moderated group local.mod"),
                Arguments.of("From not an address", "From: nobody\r\nNewsgroups: local.test\r\nSubject: s\r\n\r\nb\r\n",
                "Address in From header field not in Internet syntax"),
                Arguments.of("unparsable Date", FROM + "Newsgroups: local.test\r\nSubject: s\r\nDate: yesterday\r\n\r\nb\r\n",
                "Can't parse Date header field body"),
                Arguments.of("too old", FROM + "Newsgroups: local.test\r\nSubject: s\r\nDate: "
                        + NetnewsDates.format(Instant.now().minus(30, ChronoUnit.DAYS)) + "\r\n\r\nb\r\n",
                "Article posted too far in the past (check still done for legacy reasons on the Date header field)"),
                Arguments.of("in the future", FROM + "Newsgroups: local.test\r\nSubject: s\r\nDate: "
                + NetnewsDates.format(Instant.now().plus(3, ChronoUnit.DAYS)) + "\r\n\r\nb\r\n", "Article posted in the future"),
                Arguments.of("header line without colon", FROM + "Newsgroups: local.test\r\nSubject: s\r\nno colon here\r\n\r\nb\r\n",
                "Header line without colon: no colon here"),
                Arguments.of("folded header with nothing before it", " folded: first\r\n" + FROM + "Newsgroups: local.test\r\nSubject: s\r\n\r\nb\r\n",
                "Continuation line with no header field before it"),
                Arguments.of("empty header", FROM + "Newsgroups: local.test\r\nSubject: s\r\nX-Empty:\r\n\r\nb\r\n", "Empty X-Empty header field"),
                Arguments.of("no space after colon", FROM + "Newsgroups: local.test\r\nSubject:nospace\r\n\r\nb\r\n",
                "No colon-space in \"Subject\" header field"),
                Arguments.of("no body at all", FROM + "Newsgroups: local.test\r\nSubject: s\r\n", "Article has no body -- just headers"),
                Arguments.of("an empty body", FROM + "Newsgroups: local.test\r\nSubject: s\r\n\r\n", "Article is empty"),
                Arguments.of("unparsable Injection-Date", FROM + "Newsgroups: local.test\r\nSubject: s\r\nInjection-Date: soon\r\n\r\nb\r\n",
                "Can't parse Injection-Date header field body"),
                Arguments.of("Injection-Date too old", FROM + "Newsgroups: local.test\r\nSubject: s\r\nInjection-Date: "
                        + NetnewsDates.format(INJECTED_LONG_AGO) + "\r\n\r\nb\r\n",
                "437 Too old -- \"" + NetnewsDates.format(INJECTED_LONG_AGO) + "\""), // innd's words, as nnrpd relays them
                Arguments.of("Injection-Date ahead", FROM + "Newsgroups: local.test\r\nSubject: s\r\nInjection-Date: "
                        + NetnewsDates.format(Instant.now().plus(3, ChronoUnit.DAYS)) + "\r\n\r\nb\r\n", "Article injected in the future"),
                Arguments.of("unparsable Expires", FROM + "Newsgroups: local.test\r\nSubject: s\r\nExpires: never\r\n\r\nb\r\n",
                "Can't parse Expires header field"),
                Arguments.of("Followup-To an uncarried group", FROM + "Newsgroups: local.test\r\nSubject: s\r\nFollowup-To: no.such.group\r\n\r\nb\r\n",
                "No valid newsgroups in \"no.such.group\""),
                Arguments.of("already injected", FROM + "Newsgroups: local.test\r\nSubject: s\r\nInjection-Info: elsewhere\r\n\r\nb\r\n",
                "Can't set system Injection-Info header field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArticles")
    void refusals(String name, String article, String expected) throws Exception {
        assertRefused(article, expected);
    }

    @Test
    void duplicateMessageIdIsRefused() throws Exception {
        String art = FROM + "Newsgroups: local.test\r\nSubject: s\r\nMessage-ID: <dup@example.org>\r\n\r\nb\r\n";
        assertEquals("240 Article received <dup@example.org>", c.post(art));
        assertRefused(art, "435 Duplicate"); // nnrpd's "441 435 Duplicate", compared by clients
    }

    @Test
    void nobodyMaySelfApproveIntoAModeratedGroupWithoutTheApproveRight() throws Exception {
        String approved = FROM + "Newsgroups: local.mod\r\nSubject: s\r\nApproved: mod@example.org\r\n\r\nb\r\n";
        assertEquals("441 Not allowed to approve articles in local.mod", c.post(approved));
        assertEquals("211 0 1 0 local.mod", c.cmd("GROUP local.mod"));
    }

    @Test
    void aSessionWithTheApproveRightPostsApprovedArticles() throws Exception {
        try (TestNode moderated = TestNode.start(dir.resolve("m"), NodeConfig.parse("""
                path-identity = "mod.example"
                server.listen = "127.0.0.1:0"
                [[access]]
                name = "moderators"
                addresses = ["127.0.0.0/8"]
                approve = "local.mod"
                """, "m.toml"), Clock.systemUTC()); NntpTestClient m = moderated.client()) {
            moderated.createGroup("local.mod", Group.MODERATED);
            moderated.createGroup("local.other", Group.MODERATED);
            String r = m.post(FROM + "Newsgroups: local.mod\r\nSubject: s\r\nApproved: mod@example.org\r\n\r\nb\r\n");
            assertTrue(r.startsWith("240 "), r);
            assertEquals("211 1 1 1 local.mod", m.cmd("GROUP local.mod"));
            assertEquals("441 Not allowed to approve articles in local.other",
                    m.post(FROM + "Newsgroups: local.other\r\nSubject: s\r\nApproved: mod@example.org\r\n\r\nb\r\n"));
        }
    }

    @Test
    void sizeLimitIsEnforcedWhileReading() throws Exception {
        // max-size is 4096 here; the decoder counts the article after unstuffing, with CRLF line ends
        String head = FROM + "Newsgroups: local.test\r\nSubject: size\r\n\r\n";
        int room = 4096 - head.length() - 2;
        String exact = head + "x".repeat(room) + "\r\n";
        assertEquals(4096, exact.length());
        assertTrue(c.post(exact).startsWith("240 "));
        String over = head + "y".repeat(room + 1) + "\r\n";
        assertRefused(over, "Article of 4097 bytes exceeds local limit of 4096 bytes");
        String huge = head + ("z".repeat(998) + "\r\n").repeat(200);
        assertRefused(huge, "Article of " + huge.length() + " bytes exceeds local limit of 4096 bytes");
    }

    @Test
    void eightBitHeadersAreStoredByteForByte() throws Exception {
        byte[] subject = "Grüße – ünïcödé".getBytes(StandardCharsets.UTF_8);
        String s8 = new String(subject, StandardCharsets.ISO_8859_1);
        String r = c.post(FROM + "Newsgroups: local.test\r\nSubject: " + s8 + "\r\nMessage-ID: <utf8@example.org>\r\n\r\nb\r\n");
        assertTrue(r.startsWith("240"), r);
        assertTrue(c.multi("HEAD <utf8@example.org>").contains("Subject: " + s8));
        c.cmd("GROUP local.test");
        assertEquals("1 " + s8, c.multi("XHDR Subject 1").get(1));
    }

    @Test
    void nulInBodyIsRefused() throws Exception {
        assertRefused(FROM + "Newsgroups: local.test\r\nSubject: s\r\n\r\nnul\0here\r\n", "Nul character in body");
    }

    @Test
    void bareLineFeedArticleIsNormalisedToCrLf() throws Exception {
        assertTrue(c.cmd("POST").startsWith("340"));
        c.send("From: lf@example.org\nNewsgroups: local.test\nSubject: lf\nMessage-ID: <lf@example.org>\n\nline\n.\n");
        assertEquals("240 Article received <lf@example.org>", c.readLine());
        assertEquals(List.of("222 0 <lf@example.org> body", "line"), c.multi("BODY <lf@example.org>"));
    }

    @Test
    void dotStuffedBodyRoundTrips() throws Exception {
        String body = ".leading dot\r\n..two dots\r\n.\r\n";
        // the client stuffs, the server unstuffs on input and stuffs again on output
        String r = c.post(FROM + "Newsgroups: local.test\r\nSubject: dots\r\nMessage-ID: <dots@example.org>\r\n\r\n" + body);
        assertTrue(r.startsWith("240"), r);
        assertEquals(List.of("222 0 <dots@example.org> body", ".leading dot", "..two dots", "."),
                c.multi("BODY <dots@example.org>"));
    }

    @Test
    void motdAndDistribPatsComeFromTheConfig() throws Exception {
        assertEquals(List.of("215 Message of the day text in UTF-8", "Hello readers", ".dotted line"), c.multi("LIST MOTD"));
        assertEquals(List.of("215 Default distributions in form \"weight:group-pattern:distribution\"", "10:local.*:local"),
                c.multi("LIST DISTRIB.PATS"));
    }

    @Test
    void postingDisabledGives201And440() throws Exception {
        NodeConfig noPost = NodeConfig.parse("""
                path-identity = "inject.example"
                server.listen = "127.0.0.1:0"
                server.posting = false
                """, "test.toml");
        c.close();
        node.close();
        node = TestNode.start(dir, noPost, Clock.systemUTC());
        c = node.client();
        assertTrue(c.greeting().startsWith("201 ") && c.greeting().endsWith("(no posting)"), c.greeting());
        assertEquals("440 Posting not permitted", c.cmd("POST"));
        assertFalse(c.multi("CAPABILITIES").contains("POST"));
        assertTrue(c.cmd("MODE READER").startsWith("201 "));
    }

    @Test
    void followupToPosterOrACarriedGroupIsTaken() throws Exception {
        assertTrue(c.post(FROM + "Newsgroups: local.test\r\nSubject: s\r\nFollowup-To: poster\r\n\r\nb\r\n").startsWith("240 "));
        assertTrue(c.post(FROM + "Newsgroups: local.test\r\nSubject: s\r\nFollowup-To: local.test,no.such\r\n\r\nb\r\n")
                .startsWith("240 "));
    }
}
