package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PasswordHash;

/**
 * [[access]] rules per address range and login: what a client may read, where it may post,
 * whether it may feed; the last matching rule decides, hidden groups and articles do not
 * exist for it, and 480 is answered where logging in would help.
 */
class AccessRulesTest {
    static final String WORLD = "127.0.0.71";
    static final String CAMPUS = "127.0.0.72";
    static final String INJECTOR = "127.0.0.75";
    static final String BANNED = "127.0.0.200";

    @TempDir
    Path dir;
    TestNode node;
    String secretId;

    @BeforeEach
    void start() throws Exception {
        NodeConfig config = NodeConfig.parse("""
                path-identity = "access.test"
                server.listen = "127.0.0.1:0"
                [[user]]
                name = "alice"
                password = "%s"
                [[access]]
                name = "world"
                read = "local.*,!local.secret"
                post = ""
                [[access]]
                name = "campus"
                addresses = ["127.0.0.72/31"]
                post = "local.*"
                [[access]]
                name = "members"
                addresses = ["127.0.0.64/26", "::1"]
                users = ["alice"]
                [[access]]
                name = "injector"
                addresses = ["127.0.0.75"]
                read = ""
                post = ""
                feed = true
                [[access]]
                name = "banned"
                addresses = ["127.0.0.200"]
                read = ""
                post = ""
                """.formatted(PasswordHash.create("pw".toCharArray(), 5_000)), "test.toml");
        node = TestNode.start(dir, config, Clock.systemUTC());
        node.createGroup("local.test");
        node.createGroup("local.secret");
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", node.port(), CAMPUS)) {
            String r = c.post(NntpTestClient.article("local.secret", "hidden", "for members"));
            assertTrue(r.startsWith("240 "), r);
            secretId = r.substring(r.indexOf('<'));
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private NntpTestClient from(String address) throws Exception {
        return new NntpTestClient("127.0.0.1", node.port(), address);
    }

    @Test
    void theWorldReadsPublicGroupsAndLogsInForMore() throws Exception {
        try (NntpTestClient c = from(WORLD)) {
            assertTrue(c.greeting().startsWith("201 "), "no posting for this address: " + c.greeting());
            assertFalse(c.multi("CAPABILITIES").contains("POST"));
            List<String> active = c.multi("LIST ACTIVE");
            assertTrue(active.stream().anyMatch(l -> l.startsWith("local.test ")), active.toString());
            assertFalse(active.stream().anyMatch(l -> l.startsWith("local.secret ")), "hidden group listed: " + active);
            assertEquals("480 Authentication required for command", c.cmd("GROUP local.secret"));
            // a hidden article does not exist for the session: 480 would tell that one with this ID does
            assertEquals("430 No such article", c.cmd("ARTICLE " + secretId));
            assertEquals("480 Authentication required for command", c.cmd("POST"));
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS pw"));
            assertTrue(c.cmd("GROUP local.secret").startsWith("211 1 "));
            assertTrue(c.multi("ARTICLE " + secretId).contains("for members"));
            String r = c.post(NntpTestClient.article("local.secret", "member post", "text"));
            assertTrue(r.startsWith("240 "), r);
        }
    }

    @Test
    void campusPostsToLocalGroupsOnly() throws Exception {
        try (NntpTestClient c = from(CAMPUS)) {
            assertTrue(c.greeting().startsWith("200 "), c.greeting());
            assertTrue(c.cmd("GROUP local.secret").startsWith("211 "), "campus reads everything");
            String r = c.post(NntpTestClient.article("local.test,misc.elsewhere", "crosspost", "text"));
            assertEquals("441 Not allowed to post to misc.elsewhere", r);
            assertEquals(0, node.storage().group("local.test").count(), "nothing stored");
            assertTrue(c.post(NntpTestClient.article("local.test", "fine", "text")).startsWith("240 "));
            assertEquals("502 Permission denied", c.cmd("IHAVE <x@y>"), "no feed right");
        }
    }

    @Test
    void injectorFeedsButCannotRead() throws Exception {
        try (NntpTestClient c = from(INJECTOR)) {
            assertTrue(c.multi("CAPABILITIES").contains("IHAVE"));
            assertEquals("335 Send it; end with <CR-LF>.<CR-LF>", c.cmd("IHAVE <fed@injector.example>"));
            c.send(NntpTestClient.dotStuff("Path: injector.example!not-for-mail\r\nFrom: a@example.org\r\n"
                    + "Newsgroups: local.test\r\nSubject: fed\r\nDate: " + org.newsnode.storage.article.NetnewsDates.format(
                    java.time.Instant.now()) + "\r\nMessage-ID: <fed@injector.example>\r\n\r\nbody\r\n") + ".\r\n");
            assertEquals("235 Article transferred OK", c.readLine());
            assertEquals("480 Authentication required for command", c.cmd("GROUP local.test"),
                    "nothing to read here before a login");
        }
        assertEquals(1, node.storage().group("local.test").count());
    }

    @Test
    void anAddressWithNoRightsIsTurnedAwayAtTheGreeting() throws Exception {
        try (NntpTestClient c = from(BANNED)) {
            assertEquals("502 You have no permission to talk.  Goodbye!", c.greeting());
            assertTrue(c.closedByServer());
        }
        try (NntpTestClient c = from(WORLD)) {
            assertTrue(c.greeting().startsWith("201 "), "others are served");
        }
    }

    @Test
    void aCrosspostDoesNotNameAHiddenGroupInXref() throws Exception {
        String id;
        try (NntpTestClient c = from(CAMPUS)) {
            String r = c.post(NntpTestClient.article("local.test,local.secret", "both", "crossposted"));
            assertTrue(r.startsWith("240 "), r);
            id = r.substring(r.indexOf('<'));
            assertTrue(c.multi("HEAD " + id).stream().anyMatch(l -> l.startsWith("Xref: access.test local.test:1 local.secret:2")),
                    "a session that reads both sees both");
        }
        try (NntpTestClient c = from(WORLD)) {
            List<String> article = c.multi("ARTICLE " + id);
            assertTrue(article.contains("Xref: access.test local.test:1"), article.toString());
            assertTrue(article.contains("crossposted"), "the body follows the filtered header");
            assertTrue(c.multi("HEAD " + id).contains("Xref: access.test local.test:1"));
            assertTrue(c.cmd("GROUP local.test").startsWith("211 1 "));
            List<String> over = c.multi("OVER 1");
            assertTrue(over.get(1).endsWith("\tXref: access.test local.test:1"), over.toString());
            List<String> xhdr = c.multi("XHDR Xref 1");
            assertEquals("1 access.test local.test:1", xhdr.get(1));
        }
    }

    @Test
    void withoutAPostKeyARuleLetsPostOnlyWhereItReads() throws Exception {
        try (TestNode other = TestNode.start(dir.resolve("o"), NodeConfig.parse("""
                path-identity = "other.test"
                server.listen = "127.0.0.1:0"
                [[access]]
                name = "readers"
                read = "local.*,!local.secret"
                """, "o.toml"), Clock.systemUTC()); NntpTestClient c = other.client()) {
            other.createGroup("local.test");
            other.createGroup("local.secret");
            assertTrue(c.post(NntpTestClient.article("local.test", "ok", "x")).startsWith("240 "));
            String r = c.post(NntpTestClient.article("local.secret", "hidden", "x"));
            assertEquals("441 Not allowed to post to local.secret", r);
            assertEquals(0, other.storage().group("local.secret").count(), "nothing went into the hidden group");
        }
    }

    @Test
    void listSubscriptionsGivesTheSitesDefaultGroupsAReaderMaySee() throws Exception {
        try (NntpTestClient c = from(WORLD)) {
            assertEquals(List.of("503 No default subscription list available"), c.multi("LIST SUBSCRIPTIONS"));
        }
        try (TestNode other = TestNode.start(dir.resolve("s"), NodeConfig.parse("""
                path-identity = "subs.test"
                server.listen = "127.0.0.1:0"
                server.subscriptions = ["local.general", "local.test", "local.secret"]
                [moderation]
                moderators = ["local.announce:announce@subs.test", "*:%s@moderators.isc.org"]
                [[access]]
                name = "world"
                read = "local.*,!local.secret"
                """, "s.toml"), Clock.systemUTC()); NntpTestClient c = other.client()) {
            // RFC 6048 §2.6: what a new tin user starts with, instead of "No groups"; hidden groups stay hidden
            assertEquals(List.of("215 Default subscription list follows", "local.general", "local.test"), c.multi("LIST SUBSCRIPTIONS"));
            // RFC 6048 §3.5, nnrpd's words: the moderators table as configured
            assertEquals(List.of("215 Newsgroup moderators in form \"group-pattern:submission-template\"",
                    "local.announce:announce@subs.test", "*:%s@moderators.isc.org"), c.multi("LIST MODERATORS"));
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.newsnode.storage.config.ConfigException.class,
                () -> NodeConfig.parse("path-identity = \"h\"\nserver.subscriptions = [\"bad..name\"]\n", "t.toml"));
        assertTrue(e.getMessage().contains("server.subscriptions"), e.getMessage());
    }
}
