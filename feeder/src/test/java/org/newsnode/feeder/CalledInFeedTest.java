package org.newsnode.feeder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.textline.TextLineCodecFactory;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.net.Handover;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.testing.TestArticle;

/**
 * The offer window over a connection the PEER opened: a peer this node cannot reach (its
 * dialled link finds nothing listening) connects in, the accepting side hands the connection
 * over (Handover, as the server does), and the peer is offered its queue on it with
 * CHECK/TAKETHIS, answering as a server would. Unanswered offers go back to the queue when it
 * hangs up, and what was queued while it was away comes the next time it calls.
 */
class CalledInFeedTest {
    @TempDir
    Path dir;

    /** Stands in for the server's session: a line codec named as the server's, and one command that asks to be fed. */
    private static NioSocketAcceptor acceptor(Handover handover) throws Exception {
        NioSocketAcceptor a = new NioSocketAcceptor();
        a.getFilterChain().addLast(Handover.CODEC, new ProtocolCodecFilter(new TextLineCodecFactory(StandardCharsets.ISO_8859_1)));
        a.setHandler(new IoHandlerAdapter() {
            @Override
            public void sessionOpened(IoSession s) {
                s.write("200 test server ready");
            }

            @Override
            public void messageReceived(IoSession s, Object message) {
                Handover.Owner feed = Handover.owner(s);
                if (feed != null) {
                    @SuppressWarnings("unchecked")
                    List<String> lines = (List<String>) message;
                    feed.lines(lines);
                } else if ("FEED ME".equals(message)) {
                    s.write("203 Offers follow");
                    assertTrue(handover.handOver("p", s, true));
                } else {
                    s.write("500 What?");
                }
            }

            @Override
            public void messageSent(IoSession s, Object message) {
                Handover.Owner feed = Handover.owner(s);
                if (feed != null) {
                    feed.sent();
                }
            }

            @Override
            public void sessionClosed(IoSession s) {
                Handover.Owner feed = Handover.owner(s);
                if (feed != null) {
                    feed.closed();
                }
            }
        });
        a.bind(new InetSocketAddress("127.0.0.1", 0));
        return a;
    }

    /** The peer calls in and asks to be fed; returns its socket with the offers about to come. */
    private static Socket callIn(int port, BufferedReader[] in) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        in[0] = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        assertTrue(in[0].readLine().startsWith("200 "));
        PeerLinkTest.ScriptedPeer.write(s.getOutputStream(), "FEED ME");
        assertEquals("203 Offers follow", in[0].readLine());
        return s;
    }

    @Test
    void aPeerThatOnlyCallsInIsOfferedItsQueueOnItsOwnConnection() throws Exception {
        int unreachable;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            unreachable = probe.getLocalPort(); // closed again: the dialled link finds nothing there
        }
        NodeConfig config = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\nport = "
                + unreachable + "\npath-identity = \"p.test\"\n", "t.toml");
        Handover handover = new Handover();
        NioSocketAcceptor acceptor = acceptor(handover);
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC()); Feeder feeder = new Feeder(s, config.peers());
                PeerLinkTest.ScriptedPeer leaf = new PeerLinkTest.ScriptedPeer(true)) {
            s.setPeers(config.peers());
            s.createGroup("local.test", "", 'y', "t").join();
            assertTrue(!handover.handOver("p", null, true), "no feeder attached yet: nothing is handed over");
            handover.attach(feeder.handover());
            assertTrue(!handover.handOver("nobody", null, true), "not a peer: the session stays the server's");
            feeder.start();
            for (int i = 0; i < 30; i++) {
                assertTrue(s.store(TestArticle.relayed("<in" + i + "@x>").path("me!not-for-mail").arrival("me")).join().accepted());
            }
            int port = acceptor.getLocalAddress().getPort();

            // first call: the peer reads a window of offers and hangs up without answering any
            BufferedReader[] in = new BufferedReader[1];
            try (Socket first = callIn(port, in)) {
                String offer = in[0].readLine();
                assertTrue(offer.startsWith("CHECK <in") || offer.startsWith("TAKETHIS <in"), offer);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> feeder.counters().get("p").live.isEmpty());
            assertEquals(30, s.queues().stats("p").depth(), "unanswered offers stay queued");

            // second call: everything, answered as a server answers
            try (Socket second = callIn(port, in)) {
                OutputStream out = second.getOutputStream();
                Thread t = new Thread(() -> {
                    try {
                        leaf.answerOffers(in[0], out);
                    } catch (Exception e) {
                        // the test hung up
                    }
                });
                t.setDaemon(true);
                t.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> s.queues().stats("p").depth() == 0);
                assertEquals(30, Set.copyOf(leaf.received).size(), "every queued article, over the peer's own connection");
                assertEquals(30, leaf.received.size(), "each once");

                // queued while it is connected: offered at once on the same connection
                assertTrue(s.store(TestArticle.relayed("<live@x>").path("me!not-for-mail").arrival("me")).join().accepted());
                await().atMost(Duration.ofSeconds(10)).until(() -> leaf.received.contains("<live@x>"));
            }
            assertEquals(0, leaf.connections, "nothing was dialled: the peer cannot be reached");
            assertEquals(31, feeder.counters().get("p").accepted());
        } finally {
            acceptor.dispose(true);
        }
    }
}
