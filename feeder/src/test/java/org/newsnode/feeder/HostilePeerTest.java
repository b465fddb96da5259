package org.newsnode.feeder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.testing.TestArticle;

/** A broken or hostile peer cannot hold a link, fill the heap, fake acceptance or get a password in clear. */
class HostilePeerTest {
    @TempDir
    Path dir;
    private ServerSocket server;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Connections the link has hung up on (the peer saw its end). */
    private final AtomicInteger hungUp = new AtomicInteger();
    private NodeConfig config;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A peer that greets, then answers each line with {@code answer(line, out)}. */
    private int peer(BiConsumer<String, OutputStream> answer) throws Exception {
        server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread session = new Thread(() -> {
                        try (s) {
                            OutputStream out = s.getOutputStream();
                            write(out, "200 hostile ready");
                            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                            String line;
                            while ((line = in.readLine()) != null) {
                                commands.add(line);
                                if (line.startsWith("TAKETHIS")) {
                                    String l;
                                    while ((l = in.readLine()) != null && !l.equals(".")) {
                                        // the article
                                    }
                                }
                                answer.accept(line, out);
                            }
                        } catch (Exception e) {
                            // the link hung up
                        } finally {
                            hungUp.incrementAndGet();
                        }
                    });
                    session.setDaemon(true);
                    session.start();
                } catch (Exception e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    static void write(OutputStream out, String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Storage storage(int port, String extra) throws Exception {
        config = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\nport = "
                + port + "\npath-identity = \"p.test\"\n" + extra, "t.toml");
        Storage s = Storage.open(dir, 16, Clock.systemUTC());
        s.setPeers(config.peers());
        s.createGroup("local.test", "", 'y', "t").join();
        assertTrue(s.store(TestArticle.relayed("<one@x>").path("me!not-for-mail").arrival("me")).join().accepted());
        return s;
    }

    private static String awaitError(Feeder f, String containing) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String e = f.counters().get("p").lastError();
            if (e == null || !e.contains(containing)) {
                throw new AssertionError("no error containing \"" + containing + "\"; last: " + e);
            }
        });
        return f.counters().get("p").lastError();
    }

    @Test
    void whatAPeerSaysReachesTheLogAndFeedsWithoutItsControlCharacters() throws Exception {
        int port = peer((line, out) -> write(out, "480 no\u001b[2J\u0007 streaming")); // MODE STREAM is the first command
        try (Storage s = storage(port, "tls = \"off\"\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            String e = awaitError(f, "streaming");
            assertTrue(e.contains("480 no?[2J? streaming"), e);
            assertTrue(e.chars().noneMatch(c -> c < 0x20), "no control character left: " + e);
        }
    }

    @Test
    void anEndlessCapabilityListEndsTheLinkNotTheHeap() throws Exception {
        int port = peer((line, out) -> {
            if (line.equals("CAPABILITIES")) {
                write(out, "101 Capability list:");
                for (int i = 0; i < 100_000; i++) {
                    write(out, "X-JUNK-" + i + " " + "z".repeat(100));
                }
                write(out, ".");
            } else {
                write(out, "500 What?");
            }
        });
        try (Storage s = storage(port, ""); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitError(f, "a capability list of over " + PeerLink.MAX_CAPABILITIES + " lines");
            assertEquals(1, s.queues().stats("p").depth(), "the article stays queued");
        }
    }

    @Test
    void aPeerThatStopsAnsweringIsDroppedAfterTheResponseTimeout() throws Exception {
        int port = peer((line, out) -> {
            if (line.equals("MODE STREAM")) {
                write(out, "203 Streaming permitted");
            } else if (!line.startsWith("CHECK")) {
                write(out, "500 What?");
            } // CHECK: silence
        });
        try (Storage s = storage(port, "tls = \"off\"\nresponse-timeout-seconds = 1\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            assertTrue(awaitError(f, "no answer within 1 s").contains("streaming"));
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.get() >= 2);
            assertTrue(connections.get() >= 2, "it reconnects and offers again");
            assertEquals(1, s.queues().stats("p").depth(), "nothing was taken off the queue");
        }
    }

    @Test
    void anAnswerForAnotherArticleIsNotCountedAsAccepted() throws Exception {
        int port = peer((line, out) -> {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "MODE" -> write(out, "203 Streaming permitted");
                case "CHECK" -> write(out, "238 " + w[1]);
                case "TAKETHIS" -> write(out, "239 <other@x>");
                default -> write(out, "500 What?");
            }
        });
        try (Storage s = storage(port, "tls = \"off\"\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitError(f, "answered \"239 <other@x>\" while <one@x> was the next offer");
            assertEquals(0, f.counters().get("p").accepted());
            assertEquals(1, s.queues().stats("p").depth(), "the article stays queued for a later link");
        }
    }

    @Test
    void aRefusedLoginBacksOffInsteadOfRetryingEveryHalfSecond() throws Exception {
        int port = peer((line, out) -> write(out, line.startsWith("AUTHINFO") ? "481 Authentication failed" : "500 What?"));
        try (Storage s = storage(port, "tls = \"off\"\nlogin-user = \"me\"\nlogin-password = \"pw\"\n");
             Feeder f = new Feeder(s, config.peers())) {
            f.start();
            Thread.sleep(4_000);
            // backoff 0.5, 1, 2 s (+ jitter): connections near 0, 0.5, 1.5, 3.5 s; at 0.5 s each it would be 8
            assertTrue(connections.get() <= 4, connections.get() + " connections in 4 s");
            assertTrue(connections.get() >= 2);
        }
    }

    @Test
    void withTlsAutoALoginNeverCrossesAnUnencryptedLink() throws Exception {
        int port = peer((line, out) -> write(out, "500 What?")); // no CAPABILITIES, so no STARTTLS
        try (Storage s = storage(port, "login-user = \"me\"\nlogin-password = \"secret\"\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitError(f, "the password would cross in clear text (tls = \"off\" in its [[peer]] allows that)");
            assertTrue(commands.stream().noneMatch(c -> c.startsWith("AUTHINFO")), "nothing was sent: " + commands);
        }
    }

    /**
     * Four tries refused (0.5, 1, 2 s apart: the next is 4 s or more away), and the fourth hung
     * up: the link is waiting out its backoff now, not between connect and login.
     */
    private void awaitLongBackoff() {
        await().atMost(Duration.ofSeconds(10)).until(() -> connections.get() >= 4);
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(50)).until(() -> hungUp.get() >= connections.get());
    }

    @Test
    void flushConnectsAtOnceWhateverTheBackoff() throws Exception {
        int port = peer((line, out) -> write(out, line.startsWith("AUTHINFO") ? "481 Authentication failed" : "500 What?"));
        try (Storage s = storage(port, "tls = \"off\"\nlogin-user = \"me\"\nlogin-password = \"pw\"\n");
             Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitLongBackoff();
            int before = connections.get();
            assertTrue(f.flush("p"));
            await("flush connected at once instead of after the backoff").atMost(Duration.ofSeconds(2))
                    .until(() -> connections.get() > before);
            assertTrue(!f.flush("nosuch"), "an unknown peer is said to be unknown");
        }
    }

    @Test
    void aPeerThatRefusesConnectionsIsTriedEverySecondWhileItRestarts() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort(); // nothing listens there once the probe is closed
        }
        try (Storage s = storage(port, "tls = \"off\"\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitError(f, "refused");
            Thread.sleep(9_500); // down for 9.5 s: a doubling backoff tried at about 8 s and next tries at about 16 s
            AtomicInteger accepted = new AtomicInteger();
            try (ServerSocket back = new ServerSocket(port, 10, InetAddress.getByName("127.0.0.1"))) {
                long t0 = System.nanoTime();
                Thread t = new Thread(() -> {
                    try (Socket c = back.accept()) {
                        accepted.incrementAndGet();
                    } catch (Exception e) {
                        // the test ended
                    }
                });
                t.setDaemon(true);
                t.start();
                await().atMost(Duration.ofSeconds(5)).until(() -> accepted.get() > 0);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 2_500, "the restarted peer was reached after " + ms + " ms, not after the doubled backoff");
            }
        }
    }

    @Test
    void aPeerThatConnectsToUsIsTriedAtOnceButKeepsItsBackoff() throws Exception {
        int port = peer((line, out) -> write(out, line.startsWith("AUTHINFO") ? "481 Authentication failed" : "500 What?"));
        try (Storage s = storage(port, "tls = \"off\"\nlogin-user = \"me\"\nlogin-password = \"pw\"\n");
             Feeder f = new Feeder(s, config.peers())) {
            f.start();
            awaitLongBackoff();
            int before = connections.get();
            long t0 = System.nanoTime();
            s.peerSeen("p"); // what a session recognised as p says
            await().atMost(Duration.ofSeconds(2)).until(() -> connections.get() > before);
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "tried at once, not after the backoff");
            int after = connections.get();
            // the refused try backs off longer still (8 s): nothing more for the next 1.5 s
            await("the backoff was kept").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                    .until(() -> connections.get() == after);
        }
    }

    @Test
    void aPeerThatDropsTheConnectionOnCapabilitiesIsFedWithoutIt() throws Exception {
        java.util.List<String> received = new CopyOnWriteArrayList<>();
        int port = peer((line, out) -> {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "CAPABILITIES" -> throw new java.io.UncheckedIOException(new java.io.IOException("hang up")); // drops it
                case "MODE" -> write(out, "203 Streaming permitted");
                case "CHECK" -> write(out, "238 " + w[1]);
                case "TAKETHIS" -> {
                    received.add(w[1]);
                    write(out, "239 " + w[1]);
                }
                default -> write(out, "500 What?");
            }
        });
        try (Storage s = storage(port, ""); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            await().atMost(Duration.ofMillis(15_000)).until(() -> !(s.queues().stats("p").depth() > 0));
            assertEquals(List.of("<one@x>"), received, "fed over the third connection, which did not ask");
            assertEquals(2, commands.stream().filter(c -> c.equals("CAPABILITIES")).count(),
                    "asked twice (one drop may be a restart), never again");
        }
    }

    @Test
    void aPeerThatAnswersCapabilitiesWithFiveHundredIsAskedOnceUntilAFlush() throws Exception {
        java.util.List<String> received = new CopyOnWriteArrayList<>();
        int port = peer((line, out) -> {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "MODE" -> write(out, "203 Streaming permitted");
                case "CHECK" -> write(out, "238 " + w[1]);
                case "TAKETHIS" -> {
                    received.add(w[1]);
                    write(out, "239 " + w[1]);
                }
                default -> write(out, "500 What?"); // CAPABILITIES included: an old transit server
            }
        });
        try (Storage s = storage(port, ""); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            await().atMost(Duration.ofMillis(15_000)).until(() -> !(s.queues().stats("p").depth() > 0));
            assertEquals(List.of("<one@x>"), received, "fed on the connection that asked");
            assertEquals(1, commands.stream().filter(c -> c.equals("CAPABILITIES")).count());
            assertTrue(f.counters().get("p").noCapabilities, "remembered for the peer");
            f.flush("p");
            assertFalse(f.counters().get("p").noCapabilities, "a flush asks again (the peer may have been upgraded)");
        }
    }

    @Test
    void aStreamingOnlyPeerThatDoesNotKnowIhaveGetsCheckAndTakethis() throws Exception {
        java.util.List<String> received = new CopyOnWriteArrayList<>();
        int port = peer((line, out) -> {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "MODE" -> write(out, "203 Streaming permitted");
                case "CHECK" -> write(out, "238 " + w[1]);
                case "TAKETHIS" -> {
                    received.add(w[1]);
                    write(out, "239 " + w[1]);
                }
                default -> write(out, "500 What?"); // IHAVE included
            }
        });
        try (Storage s = storage(port, "tls = \"off\"\nstreaming = false\n"); Feeder f = new Feeder(s, config.peers())) {
            f.start();
            await().atMost(Duration.ofMillis(15_000)).until(() -> !(s.queues().stats("p").depth() > 0));
            assertEquals(List.of("<one@x>"), received, "the article the 500 answered went again, streamed");
            assertEquals(0, f.counters().get("p").rejected(), "not dropped as refused");
        }
    }

    @Test
    void theLastErrorCarriesItsTimeAndIsClearedOnceTheLinkWorks() throws Exception {
        AtomicInteger greeted = new AtomicInteger();
        java.util.List<String> received = new CopyOnWriteArrayList<>();
        int port = peer((line, out) -> {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "MODE" -> write(out, greeted.incrementAndGet() == 1 ? "480 Authentication required" : "203 Streaming permitted");
                case "CHECK" -> write(out, "238 " + w[1]);
                case "TAKETHIS" -> {
                    received.add(w[1]);
                    write(out, "239 " + w[1]);
                }
                default -> write(out, "500 What?");
            }
        });
        try (Storage s = storage(port, "tls = \"off\"\n"); Feeder f = new Feeder(s, config.peers())) {
            long before = System.currentTimeMillis();
            f.start();
            awaitError(f, "MODE STREAM answered \"480 Authentication required\"");
            assertTrue(f.counters().get("p").lastErrorMillis() >= before, "the failure has its time");
            await().atMost(Duration.ofMillis(15_000)).until(() -> !(f.counters().get("p").lastError() != null));
            assertEquals(null, f.counters().get("p").lastError(), "cleared once the next link is up");
        }
    }
}
