package org.newsnode.nntp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;

/** COMPRESS DEFLATE input is inflated under the session's input bounds: a small read never becomes a flood. */
class DeflateBombTest {
    @TempDir
    Path dir;

    /** 40 MB of DATE commands in raw DEFLATE: about 40 KB on the wire. */
    private static byte[] bomb() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(wire, new Deflater(9, true), true)) {
            byte[] lines = "DATE\r\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 70; i++) {
                z.write(lines);
            }
            z.flush();
        }
        return wire.toByteArray();
    }

    @Test
    void inflatingStopsWhileTheSessionDoesNotReadAndGoesOnWhenItDoes() throws Exception {
        DeflateFilter filter = new DeflateFilter();
        IoSession session = new DummySession();
        long[] delivered = {0};
        IoFilter.NextFilter next = new org.apache.mina.core.filterchain.IoFilter.NextFilter() {
            @Override public void messageReceived(IoSession s, Object m) {
                delivered[0] += ((IoBuffer) m).remaining();
                if (delivered[0] > 100_000) {
                    s.suspendRead(); // what the session does when its inbox is full
                }
            }
            @Override public void sessionCreated(IoSession s) { }
            @Override public void sessionOpened(IoSession s) { }
            @Override public void sessionClosed(IoSession s) { }
            @Override public void sessionIdle(IoSession s, org.apache.mina.core.session.IdleStatus st) { }
            @Override public void exceptionCaught(IoSession s, Throwable c) { throw new AssertionError(c); }
            @Override public void inputClosed(IoSession s) { }
            @Override public void messageSent(IoSession s, org.apache.mina.core.write.WriteRequest w) { }
            @Override public void filterWrite(IoSession s, org.apache.mina.core.write.WriteRequest w) { }
            @Override public void filterClose(IoSession s) { }
            @Override public void event(IoSession s, org.apache.mina.filter.FilterEvent e) { }
        };
        byte[] wire = bomb();
        filter.messageReceived(next, session, IoBuffer.wrap(wire));
        assertTrue(delivered[0] <= 100_000 + DeflateFilter.CHUNK,
                "one read of " + wire.length + " octets inflated no further than the session took: " + delivered[0]);
        session.resumeRead();
        long before = delivered[0];
        filter.resume(session);
        assertTrue(delivered[0] > before, "resuming goes on with what stayed compressed");
        while (session.isReadSuspended()) {
            session.resumeRead();
            filter.resume(session);
            if (delivered[0] > 1_000_000) {
                break;
            }
        }
        assertTrue(delivered[0] > 1_000_000, "all of it comes through in the end, a chunk at a time");
    }

    @Test
    void aCompressBombOverASocketLeavesTheNodeServingAndTheSessionAnswering() throws Exception {
        try (TestNode node = TestNode.start(dir); NntpTestClient bystander = node.client();
             Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(20_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            in.readLine();
            s.getOutputStream().write("COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("206 "));
            s.getOutputStream().write(bomb());
            s.getOutputStream().flush();
            for (int i = 0; i < 10; i++) {
                Thread.sleep(100);
                assertTrue(bystander.cmd("DATE").startsWith("111 "), "the node serves others while the bomb waits");
                assertTrue(node.pendingOutput() <= (5L << 20), "the bomb's answers wait bounded: " + node.pendingOutput());
            }
            var z = new java.io.BufferedReader(new java.io.InputStreamReader(
                    new java.util.zip.InflaterInputStream(s.getInputStream(), new java.util.zip.Inflater(true)), StandardCharsets.US_ASCII));
            for (int i = 0; i < 200_000; i++) {
                String r = z.readLine();
                assertTrue(r.startsWith("111 "), i + ": " + r);
            }
        }
    }
}
