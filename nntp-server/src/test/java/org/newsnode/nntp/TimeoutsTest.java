package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.config.NodeConfig;

/** server.idle-timeout-seconds and server.input-timeout-seconds (slow senders): 400, close, others served. */
class TimeoutsTest {
    @TempDir
    Path dir;

    private TestNode node(int idle, int input) throws Exception {
        return TestNode.start(dir, NodeConfig.parse("""
                path-identity = "timeouts.test"
                server.listen = "127.0.0.1:0"
                server.idle-timeout-seconds = %d
                server.input-timeout-seconds = %d
                """.formatted(idle, input), "t.toml"), Clock.systemUTC());
    }

    @Test
    void anIdleConnectionIsClosedWith400() throws Exception {
        try (TestNode n = node(1, 0); NntpTestClient c = n.client()) {
            assertTrue(c.cmd("DATE").startsWith("111 "));
            long t0 = System.nanoTime();
            assertEquals("400 Timeout after 1 seconds, closing connection", c.readLine());
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 900, "not before the timeout");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aTricklingCommandOrArticleIsCutOffAndNothingIsStored() throws Exception {
        try (TestNode n = node(0, 1)) {
            n.createGroup("local.test");
            try (NntpTestClient slow = n.client(); NntpTestClient other = n.client()) {
                slow.send("DA");
                Thread.sleep(1_500);
                slow.send("TE\r\n");
                assertEquals("400 Input too slow: over 1 seconds for one command or article, closing connection",
                        slow.readLine());
                assertTrue(slow.closedByServer());
                assertTrue(other.cmd("DATE").startsWith("111 "), "others are served");
            }
            try (NntpTestClient slow = n.client()) {
                assertTrue(slow.cmd("POST").startsWith("340"));
                slow.send("From: a@example.org\r\nNewsgroups: local.test\r\nSubject: slow\r\n\r\nfirst half\r\n");
                Thread.sleep(1_500);
                slow.send("second half\r\n.\r\n");
                assertTrue(slow.readLine().startsWith("400 Input too slow"));
                assertTrue(slow.closedByServer());
            }
            assertEquals(0, n.storage().group("local.test").count(), "nothing partial was stored");
            try (NntpTestClient quick = n.client()) {
                String r = quick.post(NntpTestClient.article("local.test", "in time", "body"));
                assertTrue(r.startsWith("240 "), "an article that arrives in time is taken: " + r);
            }
        }
    }

    @Test
    void aHalfSentLineWithNothingAfterItIsCutOffByTheInputTimeoutNotTheIdleOne() throws Exception {
        try (TestNode n = node(600, 1); NntpTestClient slow = n.client()) {
            slow.send("DA"); // and then nothing at all: no later byte to notice the delay by
            long t0 = System.nanoTime();
            assertEquals("400 Input too slow: over 1 seconds for one command or article, closing connection", slow.readLine());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "within the input timeout, not the idle timeout of 600 s: " + ms + " ms");
            assertTrue(slow.closedByServer());
        }
    }

    @Test
    void aQuietClientWithNothingHalfSentKeepsItsSession() throws Exception {
        try (TestNode n = node(600, 1); NntpTestClient quiet = n.client()) {
            assertTrue(quiet.cmd("DATE").startsWith("111 "));
            Thread.sleep(2_500);
            assertTrue(quiet.cmd("DATE").startsWith("111 "), "the input timeout is for half-sent input only");
        }
    }
}
