package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.feeder.FeedCounters;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.config.PasswordHash;

/**
 * A feeds B with AUTHINFO (RFC 4643): B knows A by its login only (A's entry names a host that
 * is not where A connects from), as for a peer behind NAT or sharing an address with others.
 */
class PeerLoginTest {
    static final String A = "127.0.0.51";
    static final String B = "127.0.0.52";

    @TempDir
    Path dir;

    private Node start(String name, String address, int port, String extra) throws Exception {
        NodeHome home = new NodeHome(dir.resolve(name));
        home.init(name + ".test", address + ":" + port);
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + extra);
        return Node.start(home, home.loadConfig());
    }

    private void run(String passwordGiven, boolean arrives) throws Exception {
        int port = FloodingTest.freePort();
        String hash = PasswordHash.create("a's secret".toCharArray(), 5_000);
        try (Node b = start("b", B, port, """
                [[user]]
                name = "feed-a"
                password = "%s"
                [[peer]]
                name = "a"
                host = "192.0.2.51"
                port = %d
                path-identity = "a.test"
                user = "feed-a"
                """.formatted(hash, port));
             Node a = start("a", A, port, """
                [[peer]]
                name = "b"
                host = "%s"
                port = %d
                path-identity = "b.test"
                source-address = "%s"
                login-user = "feed-a"
                login-password = "%s"
                tls = "off"
                """.formatted(B, port, A, passwordGiven))) {
            String id;
            try (NntpTestClient c = new NntpTestClient(A, port)) {
                String r = c.post(NntpTestClient.article("local.test", "logged-in feed", "hello"));
                assertTrue(r.startsWith("240 "), r);
                id = r.substring(r.indexOf('<'));
            }
            FeedCounters counters = a.feeder().counters().get("b");
            if (arrives) {
                await().atMost(Duration.ofSeconds(15)).until(() -> b.storage().group("local.test").count() >= 1);
                assertEquals(1, b.storage().group("local.test").count(), "the article reached B over the logged-in link");
                try (NntpTestClient c = new NntpTestClient(B, port)) {
                    assertTrue(c.multi("HEAD " + id).contains("Path: b.test!a.test!not-for-mail"));
                }
                assertTrue(b.storage().queues().page("a", 0, 10).isEmpty(), "B does not offer it back to A");
            } else {
                await().atMost(Duration.ofSeconds(15)).until(() -> counters.lastError() != null);
                assertEquals("login as feed-a refused: 481 Authentication failed", counters.lastError());
                assertEquals(0, b.storage().group("local.test").count());
                assertEquals(1, a.storage().queues().page("b", 0, 10).size(), "the article stays queued for B");
            }
        }
    }

    @Test
    void feedsAfterLoggingIn() throws Exception {
        run("a's secret", true);
    }

    @Test
    void aRefusedLoginKeepsTheQueue() throws Exception {
        run("wrong", false);
    }
}
