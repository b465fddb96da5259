package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.feeder.FeedCounters;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.nntp.net.TlsContexts;

/**
 * The feeder's links over TLS: B feeds A, whose certificate is self-signed. A pinned
 * fingerprint or a trust store holding it lets the link up (STARTTLS or implicit TLS, with
 * COMPRESS DEFLATE on top when asked); an unknown or wrong certificate keeps the link down
 * with a reason that says what to pin, and the article stays queued.
 */
class FeederTlsTest {
    static final String A = "127.0.0.61";
    static final String B = "127.0.0.62";

    @TempDir
    Path dir;

    private NodeHome receiver;
    private String fingerprint;

    /** A: TLS by `tls self-signed` for its address, an implicit-TLS listener, B as a peer. */
    private Node startA(int port, int tlsPort) throws Exception {
        receiver = new NodeHome(dir.resolve("a"));
        receiver.init("a.test", A + ":" + port);
        fingerprint = TlsCommand.create(receiver, List.of(A), 30);
        String text = Files.readString(receiver.configFile()).replace("\n[tls]\n", "\n[tls]\nlisten = [\"" + A + ":" + tlsPort + "\"]\n")
                + "\n[[peer]]\nname = \"b\"\nhost = \"" + B + "\"\nport = " + port + "\npath-identity = \"b.test\"\n";
        Files.writeString(receiver.configFile(), text);
        return Node.start(receiver, receiver.loadConfig());
    }

    private Node startB(int port, String peerKeys, String tlsTable) throws Exception {
        NodeHome home = new NodeHome(dir.resolve("b" + System.nanoTime()));
        home.init("b.test", B + ":" + port);
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + tlsTable
                + "\n[[peer]]\nname = \"a\"\nhost = \"" + A + "\"\npath-identity = \"a.test\"\nsource-address = \"" + B + "\"\n"
                + peerKeys);
        return Node.start(home, home.loadConfig());
    }

    private static String post(String host, int port, String subject) throws Exception {
        try (NntpTestClient c = new NntpTestClient(host, port)) {
            String r = c.post(NntpTestClient.article("local.test", subject, "body of " + subject));
            assertTrue(r.startsWith("240 "), r);
            return r.substring(r.indexOf('<'));
        }
    }

    private static void awaitArticle(Node a, String id) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> a.storage().reader().byMessageId(id) != null);
        assertNotNull(a.storage().reader().byMessageId(id), id + " reached A");
    }

    private static String awaitError(FeedCounters c) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> c.lastError() != null);
        assertNotNull(c.lastError(), "the link reports why it is down");
        return c.lastError();
    }

    @Test
    void pinnedStartTlsImplicitTlsAndCompression() throws Exception {
        int port = FloodingTest.freePort();
        int tlsPort = FloodingTest.freePort();
        try (Node a = startA(port, tlsPort)) {
            try (Node b = startB(port, "port = " + port + "\ntls = \"starttls\"\ntls-fingerprint = \"" + fingerprint + "\"\n", "")) {
                String id = post(B, port, "pinned starttls");
                awaitArticle(a, id);
                assertEquals("TLSv1.3", b.feeder().counters().get("a").layers());
            }
            try (Node b = startB(port, "tls = \"implicit\"\nport = " + tlsPort + "\ntls-fingerprint = \"" + fingerprint
                    + "\"\ncompress = true\n", "")) {
                String id = post(B, port, "implicit and deflate");
                awaitArticle(a, id);
                assertEquals("TLSv1.3+deflate", b.feeder().counters().get("a").layers());
            }
        }
    }

    @Test
    void trustStoreChecksChainAndName() throws Exception {
        int port = FloodingTest.freePort();
        try (Node a = startA(port, FloodingTest.freePort())) {
            NodeConfig c = receiver.loadConfig();
            Path ca = Pem.write(dir.resolve("a-ca.pem"), "CERTIFICATE", TlsContexts.chain(c.tls(), receiver.dir()).get(0).getEncoded());
            try (Node b = startB(port, "port = " + port + "\n", "\n[tls]\ntrust-store = \"" + ca + "\"\n")) {
                String id = post(B, port, "trusted by store");
                awaitArticle(a, id); // tls = "auto": STARTTLS offered, so taken, and checked
                assertEquals("TLSv1.3", b.feeder().counters().get("a").layers());
            }
        }
    }

    @Test
    void unknownOrWrongCertificateKeepsTheLinkDown() throws Exception {
        int port = FloodingTest.freePort();
        try (Node a = startA(port, FloodingTest.freePort())) {
            try (Node b = startB(port, "port = " + port + "\n", "")) {
                post(B, port, "untrusted");
                String why = awaitError(b.feeder().counters().get("a"));
                assertTrue(why.contains("tls-fingerprint = \"" + fingerprint + "\""), why);
                assertEquals(1, b.storage().queues().page("a", 0, 10).size(), "the article stays queued for A");
            }
            String wrong = "sha256:" + "AB:".repeat(31) + "AB";
            try (Node b = startB(port, "port = " + port + "\ntls-fingerprint = \"" + wrong + "\"\n", "")) {
                post(B, port, "wrong pin");
                String why = awaitError(b.feeder().counters().get("a"));
                assertTrue(why.contains("not the one pinned"), why);
                assertEquals(0, a.storage().group("local.test").count());
            }
        }
    }
}
