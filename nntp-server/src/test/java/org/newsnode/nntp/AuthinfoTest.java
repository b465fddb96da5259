package org.newsnode.nntp;

import org.newsnode.nntp.context.AuthThrottle;

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

/** AUTHINFO USER/PASS (RFC 4643) for readers, and peers recognised by their login instead of their address. */
class AuthinfoTest {
    @TempDir
    Path dir;
    TestNode node;

    @BeforeEach
    void start() throws Exception {
        // the peers' hosts are TEST-NET addresses: the loopback client is none of them until it logs in
        NodeConfig config = NodeConfig.parse("""
                path-identity = "here.example"
                server.listen = "127.0.0.1:0"
                [[user]]
                name = "alice"
                password = "%s"
                [[user]]
                name = "feed-b"
                password = "%s"
                [[peer]]
                name = "b"
                host = "192.0.2.7"
                path-identity = "b.example"
                user = "feed-b"
                [[peer]]
                name = "c"
                host = "192.0.2.8"
                path-identity = "c.example"
                """.formatted(PasswordHash.create("open sesame".toCharArray(), 5_000),
                PasswordHash.create("b-secret".toCharArray(), 5_000)), "test.toml");
        node = TestNode.start(dir, config, Clock.systemUTC());
        node.createGroup("local.test");
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void readerLogsInWithAPasswordContainingSpaces() throws Exception {
        try (NntpTestClient c = node.client()) {
            assertTrue(c.multi("CAPABILITIES").contains("AUTHINFO USER"));
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            assertEquals("281 Authentication succeeded", c.cmd("authinfo pass open sesame"));
            assertFalse(c.multi("CAPABILITIES").contains("AUTHINFO USER"), "RFC 4643 §2.2: not advertised once logged in");
            assertEquals("502 Already authenticated", c.cmd("AUTHINFO USER alice"));
            assertEquals("502 Permission denied", c.cmd("IHAVE <x@y>"), "a reader's login does not make it a peer");
            assertTrue(c.cmd("GROUP local.test").startsWith("211 "), "the session goes on");
        }
    }

    @Test
    void wrongPasswordIsAnsweredLateAndTheSessionGoesOn() throws Exception {
        try (NntpTestClient c = node.client(); NntpTestClient other = node.client()) {
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            long t0 = System.nanoTime();
            c.send("AUTHINFO PASS open sesame!\r\n");
            // meanwhile the node serves everyone else at once
            assertTrue(other.cmd("DATE").startsWith("111 "));
            assertEquals("481 Authentication failed", c.readLine());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= AuthThrottle.FIRST_DELAY_MS - 50, "a failure is slowed down, took " + ms + " ms");
            assertEquals("482 Authentication commands issued out of sequence", c.cmd("AUTHINFO PASS open sesame"),
                    "a failed PASS forgets the user");
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER nobody"), "unknown names are not revealed");
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"), "USER again replaces the name");
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS open sesame"));
        }
    }

    @Test
    void outOfSequenceAndSyntax() throws Exception {
        try (NntpTestClient c = node.client()) {
            assertEquals("482 Authentication commands issued out of sequence", c.cmd("AUTHINFO PASS x"));
            assertEquals("501 Bad AUTHINFO param", c.cmd("AUTHINFO SASL PLAIN"));
            assertEquals("501 Syntax is: AUTHINFO USER name|PASS password", c.cmd("AUTHINFO USER"));
            assertEquals("501 Syntax is: AUTHINFO USER name|PASS password", c.cmd("AUTHINFO"));
            assertTrue(c.cmd("DATE").startsWith("111 "));
        }
    }

    @Test
    void peerIsRecognisedByItsLoginFromAnyAddress() throws Exception {
        try (NntpTestClient c = node.client()) {
            assertEquals("480 Authentication required for command", c.cmd("MODE STREAM"));
            assertEquals("480 Authentication required for command", c.cmd("CHECK <a@b>"));
            assertFalse(c.multi("CAPABILITIES").contains("STREAMING"));
            c.cmd("AUTHINFO USER feed-b");
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS b-secret"));
            assertTrue(c.multi("CAPABILITIES").contains("STREAMING"));
            assertEquals("203 Streaming permitted", c.cmd("MODE STREAM"));
            // b relays an article it got elsewhere; its login, not Path, says who sent it
            String id = "<relayed@elsewhere.example>";
            String article = TransitTest.article(id, "local.test", "elsewhere.example!poster");
            c.send("TAKETHIS " + id + "\r\n" + NntpTestClient.dotStuff(article) + ".\r\n");
            assertEquals("239 " + id, c.readLine());
        }
        assertEquals(1, node.storage().group("local.test").count());
        assertTrue(node.storage().queues().page("b", 0, 10).isEmpty(), "not offered back to the peer that sent it");
        assertEquals(1, node.storage().queues().page("c", 0, 10).size(), "offered to the other peer");
    }
}
