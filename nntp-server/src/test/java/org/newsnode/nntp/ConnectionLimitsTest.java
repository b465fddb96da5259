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

/** server.max-connections and server.max-connections-per-address: 400 and a clean close, others served. */
class ConnectionLimitsTest {
    @TempDir
    Path dir;

    @Test
    void overTheLimitsGets400AndOthersAreServed() throws Exception {
        NodeConfig config = NodeConfig.parse("""
                path-identity = "limits.test"
                server.listen = "127.0.0.1:0"
                server.max-connections = 3
                server.max-connections-per-address = 2
                """, "t.toml");
        try (TestNode node = TestNode.start(dir, config, Clock.systemUTC());
             NntpTestClient a1 = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.1");
             NntpTestClient a2 = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.1")) {
            assertTrue(a1.greeting().startsWith("200 ") && a2.greeting().startsWith("200 "));
            try (NntpTestClient a3 = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.1")) {
                assertEquals("400 Too many connections from your address (2); try again later", a3.greeting());
                assertTrue(a3.closedByServer());
            }
            try (NntpTestClient b = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.2")) {
                assertTrue(b.greeting().startsWith("200 "), "another address is still served");
                try (NntpTestClient c = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.3")) {
                    assertEquals("400 Too many connections (server.max-connections 3); try again later", c.greeting());
                    assertTrue(c.closedByServer());
                }
                assertTrue(a1.cmd("DATE").startsWith("111 "), "the sessions already open go on");
            }
            a2.cmd("QUIT");
            long deadline = System.currentTimeMillis() + 5_000;
            String greeting = "";
            while (System.currentTimeMillis() < deadline) {
                try (NntpTestClient again = new NntpTestClient("127.0.0.1", node.port(), "127.0.0.1")) {
                    greeting = again.greeting();
                }
                if (greeting.startsWith("200 ")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(greeting.startsWith("200 "), "a freed place is given again: " + greeting);
        }
    }
}
