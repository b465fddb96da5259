package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.config.NodeConfig;

/**
 * A reader that pipelines and does not read: the node stops running its commands while their
 * output is unsent (a few MiB, not what it asked for), serves everyone else meanwhile, loses
 * nothing when the reader catches up, and closes it when it never does.
 */
class SlowReaderTest {
    /** What may wait for one client: the session's bound, one more reply and MINA's last chunk. */
    private static final long BOUND = (4L << 20) + (1L << 20);

    @TempDir
    Path dir;
    TestNode node;

    @AfterEach
    void stop() {
        node.close();
    }

    private void start(String extra) throws Exception {
        node = TestNode.start(dir, NodeConfig.parse("path-identity = \"slow.test\"\nserver.listen = \"127.0.0.1:0\"\n" + extra,
                "t.toml"), Clock.systemUTC());
        node.createGroup("local.test");
    }

    @Test
    void pipelinedArticlesWaitForTheReaderAndAllArriveInOrder() throws Exception {
        start("");
        String id;
        try (NntpTestClient poster = node.client()) {
            String r = poster.post(NntpTestClient.article("local.test", "big", "x".repeat(70) + ("\r\n" + "y".repeat(70)).repeat(280)));
            id = r.substring(r.indexOf('<'));
        }
        int n = 2_000; // ~40 MB of replies from ~60 KB of requests
        try (NntpTestClient hog = node.client(); NntpTestClient bystander = node.client()) {
            hog.send(("ARTICLE " + id + "\r\n").repeat(n));
            long peak = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(100);
                peak = Math.max(peak, node.pendingOutput());
                assertTrue(bystander.cmd("DATE").startsWith("111 "), "others are served meanwhile");
            }
            assertTrue(peak > 0, "the hog's replies did wait");
            assertTrue(peak <= BOUND, "unsent output stays bounded: " + peak + " octets");
            int articles = 0;
            for (int i = 0; i < n; i++) {
                String status = hog.readLine();
                assertTrue(status.startsWith("220 0 " + id), status);
                hog.readBlock();
                articles++;
            }
            assertEquals(n, articles, "nothing was dropped when the reader caught up");
            assertTrue(hog.cmd("DATE").startsWith("111 "));
        }
    }

    @Test
    void aReaderThatNeverReadsIsClosedAfterTheIdleTimeoutEvenMidScan() throws Exception {
        start("server.idle-timeout-seconds = 2\n");
        try (NntpTestClient poster = node.client()) {
            for (int i = 0; i < 1_500; i++) {
                String r = poster.post(NntpTestClient.article("local.test", "s" + i + " " + "z".repeat(200), "b"));
                assertTrue(r.startsWith("240"), r);
            }
        }
        try (NntpTestClient hog = node.client(); NntpTestClient bystander = node.client()) {
            hog.send("GROUP local.test\r\n" + "OVER 1-1500\r\n".repeat(100)); // ~50 MB of overview asked for
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (node.pendingOutput() > 0 && System.nanoTime() < deadline) {
                assertTrue(node.pendingOutput() <= BOUND, "bounded while it waits: " + node.pendingOutput());
                assertTrue(bystander.cmd("DATE").startsWith("111 "));
                Thread.sleep(200);
            }
            assertEquals(0, node.pendingOutput(), "the hog was closed and its output dropped");
            assertTrue(bystander.cmd("GROUP local.test").startsWith("211 1500 "));
        }
    }
}
