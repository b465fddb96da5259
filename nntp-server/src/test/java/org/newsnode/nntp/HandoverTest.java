package org.newsnode.nntp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.net.Handover;
import org.newsnode.nntp.testing.TestNode;

/**
 * The server's half of the hand-over: a session the peer opened, handed to the feeds, reads
 * response lines (not commands) from then on, and its data and its end go to the new owner;
 * a session nobody takes stays the server's and answers commands as before.
 */
class HandoverTest {
    @TempDir
    Path dir;

    /** Stands in for the feeder: feeds "p" alone, records what its connection brings. */
    private static final class Feeds implements Handover.Feeds {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public Handover.Owner feed(String peer, IoSession session, boolean streaming) {
            if (!peer.equals("p")) {
                return null;
            }
            return new Handover.Owner() {
                @Override
                public void start() {
                    session.write(IoBuffer.wrap("CHECK <first@x>\r\n".getBytes(StandardCharsets.US_ASCII)));
                }

                @Override
                public void lines(List<String> l) {
                    lines.addAll(l);
                }

                @Override
                public void sent() {
                }

                @Override
                public void closed() {
                    closed.set(true);
                }
            };
        }
    }

    @Test
    void aHandedOverSessionCarriesOffersAndAnswersToItsNewOwner() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            Handover handover = node.server().context().handover();
            Feeds feeds = new Feeds();
            try (Socket s = new Socket("127.0.0.1", node.port())) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                assertTrue(in.readLine().startsWith("200 "));
                IoSession session = node.server().sessions().iterator().next();
                assertFalse(handover.handOver("p", session, true), "no feeds attached: the session stays the server's");
                handover.attach(feeds);
                assertFalse(handover.handOver("stranger", session, true), "not fed here: the session stays the server's");
                s.getOutputStream().write("DATE\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("111 "), "still answering commands");

                assertTrue(handover.handOver("p", session, true));
                assertEquals("CHECK <first@x>", in.readLine(), "the new owner writes on the peer's connection");
                // the peer answers as a server; lines that look like commands are answers now, not commands
                s.getOutputStream().write("238 <first@x>\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(10)).until(() -> feeds.lines.size() == 2);
                assertEquals(List.of("238 <first@x>", "QUIT"), feeds.lines);
                assertTrue(s.getInputStream().available() == 0, "the server answered nothing itself");
            }
            await().atMost(Duration.ofSeconds(10)).until(feeds.closed::get); // the peer hung up: the owner is told
        }
    }
}
