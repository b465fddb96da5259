package org.newsnode.nntp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;

/** In-flight claims (RFC 4644 §2.4 431): one peer at a time, but never held for ever nor past the session. */
class ClaimsTest {
    @TempDir
    Path dir;
    TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.withPeer(dir, "a", "a.example", "");
        node.createGroup("local.test");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aClaimEndsWithTheSessionThatHeldIt() throws Exception {
        try (NntpTestClient other = node.client()) {
            try (NntpTestClient first = node.client()) {
                assertEquals("238 <c1@a.example> Send it", first.cmd("CHECK <c1@a.example>"));
                assertEquals("431 <c1@a.example> Retry later", other.cmd("CHECK <c1@a.example>"));
                first.cmd("QUIT");
            }
            // wanted from the next peer as soon as the close reaches the node, not after the claim's 5 s
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> other.cmd("CHECK <c1@a.example>").equals("238 <c1@a.example> Send it"));
        }
    }

    @Test
    void repeatingCheckDoesNotRenewTheClaim() throws Exception {
        try (NntpTestClient holder = node.client(); NntpTestClient other = node.client()) {
            assertEquals("238 <c2@a.example> Send it", holder.cmd("CHECK <c2@a.example>"));
            long until = System.nanoTime() + 7_000_000_000L;
            boolean freed = false;
            while (System.nanoTime() < until && !freed) {
                holder.cmd("CHECK <c2@a.example>"); // would keep it for ever before
                Thread.sleep(250); // the claim's end falls between the holder's ask and the other's
                freed = other.cmd("CHECK <c2@a.example>").startsWith("238");
            }
            assertEquals(true, freed, "the claim ran out after its 5 s although its holder kept asking");
        }
    }
}
