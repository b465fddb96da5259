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

    @Test
    void inflatingStopsWhileTheSessionDoesNotReadAndGoesOnWhenItDoes() throws Exception {
        java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        DeflateFilter filter = new DeflateFilter(tasks::add, null);
        IoSession session = new DummySession();
        long[] delivered = {0};
        IoFilter.NextFilter next = new Counting(delivered, 100_000);
        byte[] wire = org.newsnode.nntp.testing.CompressBomb.dates();
        filter.messageReceived(next, session, IoBuffer.wrap(wire));
        assertTrue(delivered[0] <= 100_000 + InflateInput.CHUNK,
                "one read of " + wire.length + " octets inflated no further than the session took: " + delivered[0]);
        session.resumeRead();
        long before = delivered[0];
        filter.resume(session);
        tasks.poll().run();
        assertTrue(delivered[0] > before, "resuming goes on with what stayed compressed");
        while (delivered[0] <= 1_000_000) {
            session.resumeRead();
            filter.resume(session);
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
            }
        }
        assertTrue(delivered[0] > 1_000_000, "all of it comes through in the end, a chunk at a time");
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        DeflateFilter queuing = new DeflateFilter(queued::add, null);
        IoSession other = new DummySession();
        queuing.messageReceived(new Counting(new long[1], Long.MAX_VALUE), other, IoBuffer.wrap(wire));
        assertEquals(1, queued.size(), "one read inflates one turn and leaves the rest to the executor");
        for (int i = 0; i < 1_000; i++) {
            queuing.resume(other); // a session resumed a thousand times before its task ran
        }
        assertEquals(1, queued.size(), "one resume task per session waits on the shared executor, not one per resume");
    }

    @Test
    void aReadNeverWaitsForATurnInProgress() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        long[] delivered = {0};
        IoFilter.NextFilter slow = new Counting(delivered, Long.MAX_VALUE) {
            @Override public void messageReceived(IoSession s, Object m) {
                super.messageReceived(s, m);
                inside.countDown();
                try {
                    release.await(); // a command taking its time, on the thread that holds the inflater
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        DeflateFilter filter = new DeflateFilter(Runnable::run, null);
        IoSession session = new DummySession();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DeflaterOutputStream z = new DeflaterOutputStream(wire, new Deflater(6, true), true);
        z.write("DATE\r\n".getBytes(StandardCharsets.US_ASCII));
        z.flush();
        byte[] first = wire.toByteArray();
        wire.reset();
        z.write("HELP\r\n".getBytes(StandardCharsets.US_ASCII));
        z.flush();
        byte[] second = wire.toByteArray();
        Thread holder = new Thread(() -> {
            try {
                filter.messageReceived(slow, session, IoBuffer.wrap(first));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        holder.start();
        assertTrue(inside.await(5, java.util.concurrent.TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        filter.messageReceived(slow, session, IoBuffer.wrap(second)); // the I/O thread with the next read
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "the read returned at once instead of waiting for the turn");
        release.countDown();
        holder.join(5_000);
        assertEquals(12, delivered[0], "the turn in progress took the second read's octets too");
    }

    /** Counts what it is handed; past {@code suspendAfter} octets it suspends reading, as a full session does. */
    private static class Counting implements IoFilter.NextFilter {
        private final long[] delivered;
        private final long suspendAfter;

        Counting(long[] delivered, long suspendAfter) {
            this.delivered = delivered;
            this.suspendAfter = suspendAfter;
        }

        @Override public void messageReceived(IoSession s, Object m) {
            delivered[0] += ((IoBuffer) m).remaining();
            if (delivered[0] > suspendAfter) {
                s.suspendRead();
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
            s.getOutputStream().write(org.newsnode.nntp.testing.CompressBomb.dates());
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
