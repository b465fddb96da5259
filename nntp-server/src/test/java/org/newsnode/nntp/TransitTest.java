package org.newsnode.nntp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.testing.TestArticle;

/** IHAVE, MODE STREAM, CHECK and TAKETHIS (RFC 3977 §6.3.2, RFC 4644) from a configured peer. */
class TransitTest {
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient peer;

    @BeforeEach
    void start() throws Exception {
        NodeConfig config = NodeConfig.parse("""
                path-identity = "here.example"
                path-aliases = ["old-here.example"]
                server.listen = "127.0.0.1:0"
                articles.max-size = 8192
                [[peer]]
                name = "upstream"
                host = "127.0.0.1"
                path-identity = "peer.example"
                [[peer]]
                name = "other"
                host = "127.0.0.2"
                path-identity = "other.example"
                """, "test.toml");
        node = TestNode.start(dir, config, Clock.systemUTC());
        node.createGroup("local.test");
        node.createGroup("local.mod", Group.MODERATED);
        peer = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        node.close();
    }

    static String article(String id, String groups, String path) {
        return TestArticle.relayed(id).groups(groups).path(path).header("From", "f@peer.example").text();
    }

    private String takethis(NntpTestClient c, String id, String article) throws Exception {
        c.send("TAKETHIS " + id + "\r\n" + NntpTestClient.dotStuff(article) + ".\r\n");
        return c.readLine();
    }

    private String ihave(NntpTestClient c, String id, String article) throws Exception {
        String first = c.cmd("IHAVE " + id);
        if (!first.startsWith("335")) {
            return first;
        }
        c.send(NntpTestClient.dotStuff(article) + ".\r\n");
        return c.readLine();
    }

    @Test
    void takethisWithoutModeStreamIsTaken() throws Exception {
        // RFC 4644 §2.1: with STREAMING advertised, CHECK and TAKETHIS work without MODE STREAM (as in INN)
        String id = "<nomode@peer.example>";
        assertEquals("239 " + id, takethis(peer, id, article(id, "local.test", "peer.example!not-for-mail")));
        assertEquals("438 " + id + " Duplicate", peer.cmd("CHECK " + id));
        assertEquals(1, node.storage().group("local.test").count());
    }

    @Test
    void peersSeeTransitCapabilitiesAndModeStream() throws Exception {
        List<String> caps = peer.multi("CAPABILITIES");
        assertTrue(caps.contains("IHAVE") && caps.contains("STREAMING"), caps.toString());
        assertEquals("203 Streaming permitted", peer.cmd("MODE STREAM"));
        assertEquals("211 0 1 0 local.test", peer.cmd("GROUP local.test"), "reader commands work on a peer session");
    }

    @Test
    void checkAndTakethis() throws Exception {
        assertEquals("238 <a1@peer.example> Send it", peer.cmd("CHECK <a1@peer.example>"));
        try (NntpTestClient other = node.client()) {
            assertEquals("431 <a1@peer.example> Retry later", other.cmd("CHECK <a1@peer.example>"),
                    "the first offer wins; a second peer retries later");
            assertEquals("436 Retry later", other.cmd("IHAVE <a1@peer.example>"));
        }
        assertEquals("239 <a1@peer.example>", takethis(peer, "<a1@peer.example>",
                article("<a1@peer.example>", "local.test", "peer.example!origin.example!not-for-mail")));
        assertEquals("438 <a1@peer.example> Duplicate", peer.cmd("CHECK <a1@peer.example>"));
        assertEquals("439 <a1@peer.example>", takethis(peer, "<a1@peer.example>",
                article("<a1@peer.example>", "local.test", "peer.example!not-for-mail")));
        List<String> head = peer.multi("HEAD <a1@peer.example>");
        assertEquals("Path: here.example!peer.example!origin.example!not-for-mail", head.get(1),
                "our identity is prepended (RFC 5537 §3.6)");
        assertTrue(head.contains("Xref: here.example local.test:1"));
        assertEquals("438 foo@bar Syntax error in message-ID", peer.cmd("CHECK foo@bar"));
        assertEquals("438  Syntax error in message-ID", peer.cmd("CHECK"));
    }

    @Test
    void ourIdentityOrAliasAnywhereInPathIsALoop() throws Exception {
        assertEquals("439 <p1@peer.example>", takethis(peer, "<p1@peer.example>",
                article("<p1@peer.example>", "local.test", "here.example!not-for-mail")));
        assertEquals("439 <p2@peer.example>", takethis(peer, "<p2@peer.example>",
                article("<p2@peer.example>", "local.test", "peer.example!old-here.example!x!not-for-mail")));
        assertEquals("438 <p2@peer.example> Duplicate", peer.cmd("CHECK <p2@peer.example>"), "a refusal is remembered");
    }

    @Test
    void refusalsAreRememberedSoTheIdIsNotOfferedAgain() throws Exception {
        String old = article("<old@peer.example>", "local.test", "peer.example!not-for-mail")
                .replaceFirst("Date: [^\r]+", "Date: " + NetnewsDates.format(Instant.now().minus(30, ChronoUnit.DAYS)));
        String future = article("<fut@peer.example>", "local.test", "peer.example!not-for-mail")
                .replaceFirst("Date: [^\r]+", "Date: " + NetnewsDates.format(Instant.now().plus(3, ChronoUnit.DAYS)));
        String noDate = article("<nodate@peer.example>", "local.test", "peer.example!not-for-mail")
                .replaceFirst("Date: [^\r]+\r\n", "");
        String unwanted = article("<unw@peer.example>", "alt.not.here", "peer.example!not-for-mail");
        String unapproved = article("<mod@peer.example>", "local.mod", "peer.example!not-for-mail");
        for (String[] c : new String[][] {{"<old@peer.example>", old}, {"<fut@peer.example>", future},
                {"<nodate@peer.example>", noDate}, {"<unw@peer.example>", unwanted}, {"<mod@peer.example>", unapproved}}) {
            assertEquals("439 " + c[0], takethis(peer, c[0], c[1]));
            assertEquals("438 " + c[0] + " Duplicate", peer.cmd("CHECK " + c[0]));
        }
        assertEquals("211 0 1 0 local.test", peer.cmd("GROUP local.test"), "nothing was stored");
        String approved = article("<mod2@peer.example>", "local.mod", "peer.example!not-for-mail")
                .replace("\r\n\r\n", "\r\nApproved: mod@example.org\r\n\r\n");
        assertEquals("239 <mod2@peer.example>", takethis(peer, "<mod2@peer.example>", approved));
    }

    @Test
    void ihave() throws Exception {
        assertEquals("235 Article transferred OK", ihave(peer, "<i1@peer.example>",
                article("<i1@peer.example>", "local.test", "peer.example!not-for-mail")));
        assertEquals("435 Duplicate", peer.cmd("IHAVE <i1@peer.example>"));
        assertEquals("435 Syntax error in message-ID", peer.cmd("IHAVE i1@peer.example"));
        assertEquals("437 Unwanted newsgroup \"alt.elsewhere\"", ihave(peer, "<i2@peer.example>",
                article("<i2@peer.example>", "alt.elsewhere", "peer.example!not-for-mail")));
        assertEquals("435 Duplicate", peer.cmd("IHAVE <i2@peer.example>"), "refused IDs are remembered");
        assertEquals("437 Missing required Subject header field", ihave(peer, "<i3@peer.example>",
                article("<i3@peer.example>", "local.test", "peer.example!not-for-mail").replaceFirst("Subject: [^\r]+\r\n", "")));
        assertEquals("211 1 1 1 local.test", peer.cmd("GROUP local.test"));
    }

    @Test
    void takethisReadsTheWholeArticleEvenWhenRefusingAndTheSessionGoesOn() throws Exception {
        String big = article("<big@peer.example>", "local.test", "peer.example!not-for-mail")
                .replace("body of", "x".repeat(9000) + "\r\nbody of");
        assertEquals("439 <big@peer.example>", takethis(peer, "<big@peer.example>", big));
        assertEquals("439 ", takethis(peer, "", article("<noid@peer.example>", "local.test", "peer.example!x")).substring(0, 4));
        assertEquals("211 0 1 0 local.test", peer.cmd("GROUP local.test"));
    }

    @Test
    void theCommandIdAndTheHeaderIdMustAgree() throws Exception {
        // the answer and history are keyed by the command's ID: storing the header's would answer for another article
        assertEquals("439 <cmd@peer.example>", takethis(peer, "<cmd@peer.example>",
                article("<hdr@peer.example>", "local.test", "peer.example!not-for-mail")));
        assertEquals("437 Message-ID header field <hdr@peer.example> does not match <cmd2@peer.example> of the command",
                ihave(peer, "<cmd2@peer.example>", article("<hdr@peer.example>", "local.test", "peer.example!not-for-mail")));
        assertEquals("430 No such article", peer.cmd("STAT <hdr@peer.example>"));
        assertEquals("430 No such article", peer.cmd("STAT <cmd@peer.example>"));
        assertEquals(null, node.storage().history().state("<hdr@peer.example>"), "neither ID is remembered: a real copy may come");
        assertEquals(null, node.storage().history().state("<cmd@peer.example>"));
        assertEquals("238 <hdr@peer.example> Send it", peer.cmd("CHECK <hdr@peer.example>"));
    }

    @Test
    void aSessionFromAPeersAddressSaysThatPeerIsUp() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        node.storage().onPeerSeen(seen::add); // the feeder listens here: its link to the peer stops waiting out a backoff
        try (NntpTestClient reader = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.3")) {
            assertTrue(reader.cmd("DATE").startsWith("111 "));
        }
        assertEquals(List.of(), seen, "a reader is no peer");
        try (NntpTestClient other = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.2")) {
            assertTrue(other.cmd("DATE").startsWith("111 "));
            assertEquals(List.of("other"), seen);
        }
    }

    @Test
    void whoOfferedAnIdIsNeverOfferedIt() throws Exception {
        try (NntpTestClient other = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.2")) {
            assertEquals("238 <seen1@peer.example> Send it", other.cmd("CHECK <seen1@peer.example>"));
            // upstream sends it first; "other" offered it, so it has it and gets no queue row
            assertEquals("239 <seen1@peer.example>", takethis(peer, "<seen1@peer.example>",
                    article("<seen1@peer.example>", "local.test", "peer.example!not-for-mail")));
            assertEquals(List.of(), node.storage().queues().page("other", 0, 10));
            // an article queued for "other" is not offered to it once "other" offers it to us
            assertEquals("239 <seen2@peer.example>", takethis(peer, "<seen2@peer.example>",
                    article("<seen2@peer.example>", "local.test", "peer.example!not-for-mail")));
            assertEquals(1, node.storage().queues().page("other", 0, 10).size());
            assertFalse(node.storage().history().peerHas("<seen2@peer.example>", "other"), "not offered by it yet");
            assertEquals("438 <seen2@peer.example> Duplicate", other.cmd("CHECK <seen2@peer.example>"));
            // its feed drops the row when it reads it (PeerFeedTest)
            assertTrue(node.storage().history().peerHas("<seen2@peer.example>", "other"));
        }
    }

    @Test
    void pipelinedStreamingIsAnsweredInOrder() throws Exception {
        StringBuilder b = new StringBuilder("MODE STREAM\r\n");
        int n = 50;
        for (int i = 0; i < n; i++) {
            b.append("CHECK <s").append(i).append("@peer.example>\r\n");
        }
        for (int i = 0; i < n; i++) {
            String id = "<s" + i + "@peer.example>";
            b.append("TAKETHIS ").append(id).append("\r\n")
                    .append(NntpTestClient.dotStuff(article(id, "local.test", "peer.example!not-for-mail"))).append(".\r\n");
        }
        peer.send(b.toString());
        assertEquals("203 Streaming permitted", peer.readLine());
        for (int i = 0; i < n; i++) {
            assertEquals("238 <s" + i + "@peer.example> Send it", peer.readLine());
        }
        for (int i = 0; i < n; i++) {
            assertEquals("239 <s" + i + "@peer.example>", peer.readLine());
        }
        assertEquals("211 50 1 50 local.test", peer.cmd("GROUP local.test"));
    }

    @Test
    void nonPeersGet502AndTakethisStillConsumesItsArticle() throws Exception {
        try (TestNode plain = TestNode.start(dir.resolve("plain")); NntpTestClient reader = plain.client()) {
            plain.createGroup("local.test");
            assertEquals("502 Permission denied", reader.cmd("IHAVE <x@y>"));
            assertEquals("502 Permission denied", reader.cmd("CHECK <x@y>"));
            assertEquals("502 Permission denied", reader.cmd("MODE STREAM"));
            assertEquals("502 Permission denied", takethis(reader, "<x@y>", article("<x@y>", "local.test", "a!b")));
            assertEquals("211 0 1 0 local.test", reader.cmd("GROUP local.test"), "the article was read and dropped");
            assertFalse(reader.multi("CAPABILITIES").contains("IHAVE"));
        }
    }

    @Test
    void aMessageIdWithABlankGetsTheTransitCodeNot501() throws Exception {
        // innfeed drops the connection on a 501 and offers the article again for ever
        assertTrue(peer.cmd("CHECK <a b@c.example>").startsWith("438 "));
        assertTrue(peer.cmd("IHAVE <a b@c.example>").startsWith("435 "));
        peer.send("TAKETHIS <a b@c.example>\r\n" + NntpTestClient.dotStuff(article("<ab@c.example>", "local.test", "peer.example!x"))
                + ".\r\n");
        assertTrue(peer.readLine().startsWith("439 "), "and its article is read whole");
        assertEquals("238 <next@c.example> Send it", peer.cmd("CHECK <next@c.example>"), "the session goes on");
    }

    @Test
    void articlesInnRefusesAreRefusedInTransitToo() throws Exception {
        String headersOnly = article("<nobody1@peer.example>", "local.test", "peer.example!x");
        headersOnly = headersOnly.substring(0, headersOnly.indexOf("\r\n\r\n") + 2);
        assertEquals("437 No body", ihave(peer, "<nobody1@peer.example>", headersOnly), "innd's text");
        String empty = article("<nobody2@peer.example>", "local.test", "peer.example!x");
        empty = empty.substring(0, empty.indexOf("\r\n\r\n") + 4);
        assertEquals("239 <nobody2@peer.example>", takethis(peer, "<nobody2@peer.example>", empty),
                "an empty body after the blank line is taken, as innd takes it");
        String badInjection = article("<inj@peer.example>", "local.test", "peer.example!x")
                .replace("\r\n\r\n", "\r\nInjection-Date: whenever\r\n\r\n");
        assertEquals("437 Bad \"Injection-Date\" header field -- \"whenever\"", ihave(peer, "<inj@peer.example>", badInjection));
    }

    @Test
    void anAddressAloneDoesNotProveWhoSentAnArticle() throws Exception {
        // a local injector on the peer's address: Path does not name the peer, so the peer still gets it
        assertEquals("235 Article transferred OK", ihave(peer, "<local-inject@here.example>",
                article("<local-inject@here.example>", "local.test", "script!not-for-mail")));
        assertEquals(1, node.storage().queues().page("upstream", 0, 10).size(), "queued for the peer at that address");
        // the peer relaying its own: its identity starts Path, so it is not offered it back
        assertEquals("235 Article transferred OK", ihave(peer, "<relayed@peer.example>",
                article("<relayed@peer.example>", "local.test", "peer.example!far.away!not-for-mail")));
        assertEquals(1, node.storage().queues().page("upstream", 0, 10).size(), "nothing more queued for the sender");
    }
}
