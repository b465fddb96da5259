package org.newsnode.feeder;

import static org.awaitility.Awaitility.await;
import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.testing.TestArticle;

/** The outgoing link against a scripted peer: streaming, IHAVE fallback, 5xx drops, deferrals, reconnects. */
class PeerLinkTest {
    @TempDir
    Path dir;
    ScriptedPeer peer;
    NodeConfig config;

    /** A peer that answers by rules: IDs with "bad" get a 5xx, with "later" a 431/436 once. */
    static final class ScriptedPeer implements AutoCloseable {
        final ServerSocket server;
        final boolean streaming;
        final List<String> received = new CopyOnWriteArrayList<>();
        final Set<String> deferredOnce = ConcurrentHashMap.newKeySet();
        final List<String> commands = new CopyOnWriteArrayList<>();
        volatile int connections;
        /** The address each connection came from. */
        final List<InetAddress> from = new CopyOnWriteArrayList<>();
        final Thread thread;

        ScriptedPeer(boolean streaming) throws Exception {
            this.streaming = streaming;
            server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(this::serve, "scripted-peer");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    from.add(s.getInetAddress());
                    connections++;
                    Thread t = new Thread(() -> {
                        try (s) {
                            session(s);
                        } catch (Exception e) {
                            // the link hung up or the test ended
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (Exception e) {
                    // the test ended
                }
            }
        }

        private void session(Socket s) throws Exception {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            write(out, "200 scripted ready");
            answerOffers(in, out);
        }

        /** Answers offers as a receiving server does until the other side hangs up. */
        void answerOffers(BufferedReader in, OutputStream out) throws Exception {
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String[] w = line.split(" ");
                String id = w.length > 1 ? w[1] : "";
                switch (w[0]) {
                    case "MODE" -> write(out, streaming ? "203 Streaming permitted" : "500 What?");
                    case "CHECK" -> write(out, id.contains("bad") ? "501 " + id + " not for me"
                            : id.contains("later") && deferredOnce.add(id) ? "431 " + id + " Retry later"
                            : id.contains("have") ? "438 " + id + " Duplicate" : "238 " + id + " Send it");
                    case "TAKETHIS" -> {
                        readArticle(in);
                        received.add(id);
                        write(out, "239 " + id);
                    }
                    case "IHAVE" -> {
                        if (id.contains("bad")) {
                            write(out, "502 not for me");
                        } else if (id.contains("later") && deferredOnce.add(id)) {
                            write(out, "436 Retry later");
                        } else {
                            write(out, "335 Send it");
                            readArticle(in);
                            received.add(id);
                            write(out, "235 Article transferred OK");
                        }
                    }
                    default -> write(out, "500 What?");
                }
            }
        }

        private static void readArticle(BufferedReader in) throws Exception {
            String l;
            while ((l = in.readLine()) != null && !l.equals(".")) {
                // the article body is not needed here
            }
        }

        static void write(OutputStream out, String line) throws Exception {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    private Storage storage(int port, boolean streaming) throws Exception {
        return storage(port, streaming, 1);
    }

    private Storage storage(int port, boolean streaming, int connections) throws Exception {
        config = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\nport = "
                + port + "\npath-identity = \"p.test\"\nstreaming = " + streaming + "\nconnections = " + connections + "\n",
                "t.toml");
        Storage s = Storage.open(dir, 16, Clock.systemUTC());
        s.setPeers(config.peers());
        s.createGroup("local.test", "", 'y', "t").join();
        return s;
    }

    private static void store(Storage s, String id) throws Exception {
        assertTrue(s.store(TestArticle.relayed(id).path("me!not-for-mail").arrival("me")).join().accepted());
    }

    private static void awaitEmptyQueue(Storage s) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(0, s.queues().stats("p").depth(), "the queue drained"));
    }

    private void run(boolean streaming, boolean configured) throws Exception {
        peer = new ScriptedPeer(streaming);
        try (Storage s = storage(peer.port(), configured)) {
            store(s, "<ok1@x>");
            try (Feeder feeder = new Feeder(s, config.peers())) {
                feeder.start(); // a restart resumes from the queue: ok1 was queued before the link existed
                store(s, "<bad1@x>");
                store(s, "<later1@x>");
                store(s, "<have1@x>");
                store(s, "<ok2@x>");
                awaitEmptyQueue(s);
                FeedCounters c = feeder.counters().get("p");
                assertEquals(streaming ? Set.of("<ok1@x>", "<later1@x>", "<ok2@x>") : Set.of("<ok1@x>", "<later1@x>",
                        "<have1@x>", "<ok2@x>"), Set.copyOf(peer.received), "sent once each, the refused one not at all");
                assertEquals(peer.received.size(), c.accepted());
                assertEquals(1, c.rejected(), "the 5xx article is dropped for this peer and the link goes on");
                assertEquals(1, c.deferred(), "431/436 is retried later");
                assertEquals(1, peer.connections, "one connection did it all");
                assertEquals(configured, peer.commands.contains("MODE STREAM"), "MODE STREAM only when configured");
                if (!streaming) {
                    assertTrue(peer.commands.stream().noneMatch(l -> l.startsWith("CHECK")), "refused streaming: IHAVE only");
                }
            }
        }
    }

    @Test
    void streamingWithFiveHundredsAndDeferrals() throws Exception {
        run(true, true);
    }

    @Test
    void ihaveWhenStreamingIsRefused() throws Exception {
        run(false, true);
    }

    @Test
    void ihaveWhenConfigured() throws Exception {
        run(false, false);
    }

    @Test
    void severalConnectionsShareTheQueue() throws Exception {
        peer = new ScriptedPeer(true);
        try (Storage s = storage(peer.port(), true, 3); Feeder feeder = new Feeder(s, config.peers())) {
            feeder.start();
            for (int i = 0; i < 60; i++) {
                store(s, "<m" + i + "@x>");
            }
            awaitEmptyQueue(s);
            assertEquals(60, Set.copyOf(peer.received).size());
            assertEquals(60, peer.received.size(), "each article sent by exactly one of the links");
            assertEquals(3, peer.connections);
            assertEquals(60, feeder.counters().get("p").accepted());
        }
    }

    @Test
    void aReloadThatLeavesThePeerAsItWasKeepsItsLink() throws Exception {
        peer = new ScriptedPeer(true);
        try (Storage s = storage(peer.port(), true); Feeder feeder = new Feeder(s, config.peers())) {
            feeder.start();
            store(s, "<r1@x>");
            awaitEmptyQueue(s);
            NodeConfig again = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\nport = "
                    + peer.port() + "\npath-identity = \"p.test\"\nstreaming = true\nconnections = 1\n", "t.toml");
            feeder.reconfigure(again.peers()); // what `user add` or any reload does: the same [[peer]] parsed anew
            store(s, "<r2@x>");
            awaitEmptyQueue(s);
            assertEquals(1, peer.connections, "the link went on: an equal entry is not a changed one");
        }
    }

    /** Nodes sharing loopback tell each other apart by address: a link speaks from the node's own 127.x. */
    @Test
    void aNodeOnItsOwnLoopbackAddressConnectsFromIt() throws Exception {
        peer = new ScriptedPeer(true);
        List<java.net.InetSocketAddress> listen = List.of(new java.net.InetSocketAddress("127.0.0.7", 1190));
        try (Storage s = storage(peer.port(), true); Feeder feeder = new Feeder(s, config.peers(), p -> null, listen)) {
            feeder.start();
            store(s, "<src1@x>");
            awaitEmptyQueue(s);
            assertEquals(List.of(InetAddress.getByName("127.0.0.7")), peer.from, "from the listen address, not 127.0.0.1");
        }
    }

    @Test
    void aPeersSourceAddressWinsOverTheListenAddress() throws Exception {
        peer = new ScriptedPeer(true);
        config = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\nport = "
                + peer.port() + "\npath-identity = \"p.test\"\ntls = \"off\"\nsource-address = \"127.0.0.8\"\n", "t.toml");
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC());
             Feeder feeder = new Feeder(s, config.peers(), p -> null, List.of(new java.net.InetSocketAddress("127.0.0.7", 1190)))) {
            s.setPeers(config.peers());
            s.createGroup("local.test", "", 'y', "t").join();
            feeder.start();
            store(s, "<src2@x>");
            awaitEmptyQueue(s);
            assertEquals(List.of(InetAddress.getByName("127.0.0.8")), peer.from);
        }
    }
}
