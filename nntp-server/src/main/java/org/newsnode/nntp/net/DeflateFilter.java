package org.newsnode.nntp.net;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * COMPRESS DEFLATE (RFC 8054): both directions become one raw DEFLATE stream (RFC 1951, no
 * zlib header). Every write is flushed to a byte boundary (SYNC_FLUSH, §2.2.2) so a reply is
 * never held back waiting for more output. One filter instance per session.
 */
public final class DeflateFilter extends IoFilterAdapter {
    /** zlib level 1 keeps the feeder's CPU cost low while text still shrinks to about a third. */
    public static final int LEVEL = Deflater.BEST_SPEED;

    private final Deflater deflater = new Deflater(LEVEL, true);
    private final Inflater inflater = new Inflater(true);
    private final byte[] out = new byte[16 * 1024];
    /** Inflated octets handed on at a time: at most this much input is decoded past a suspension. */
    static final int CHUNK = 8 * 1024;
    /** The compressed octets the inflater is reading from. */
    private byte[] input = new byte[0];
    /** The next filter, kept to go on inflating when reading resumes. */
    private NextFilter waiting;
    private volatile boolean ended;
    private long rawIn;
    private long wireIn;
    private long rawOut;
    private long wireOut;

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (!(message instanceof IoBuffer in)) {
            next.messageReceived(session, message);
            return;
        }
        byte[] fresh = new byte[in.remaining()];
        in.get(fresh);
        synchronized (inflater) {
            if (ended) {
                return;
            }
            wireIn += fresh.length;
            int left = inflater.getRemaining();
            if (left > 0) {
                // compressed input still waiting from before reading was suspended goes first
                byte[] joined = java.util.Arrays.copyOfRange(input, input.length - left, input.length + fresh.length);
                System.arraycopy(fresh, 0, joined, left, fresh.length);
                input = joined;
            } else {
                input = fresh;
            }
            inflater.setInput(input);
            waiting = next;
            inflate(next, session);
        }
    }

    /**
     * Inflates the waiting input a chunk at a time while the session reads; when it suspends
     * reading (too much input queued, output unsent), the rest stays compressed here, so a small
     * read never becomes a flood of queued commands. Under the inflater's lock.
     */
    private void inflate(NextFilter next, IoSession session) {
        try {
            while (!session.isReadSuspended()) {
                int n = inflater.inflate(out, 0, CHUNK);
                if (n > 0) {
                    rawIn += n;
                    next.messageReceived(session, IoBuffer.wrap(java.util.Arrays.copyOf(out, n)));
                }
                if (inflater.finished()) {
                    throw new DataFormatException("the client ended its DEFLATE stream");
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            // RFC 8054 §2.2.2: a broken stream leaves no way to find the next command
            next.exceptionCaught(session, new java.io.IOException("corrupt COMPRESS DEFLATE stream: " + e.getMessage()));
            session.closeNow();
        }
    }

    /** Reading resumed: inflate what stayed compressed (call off the I/O thread's filter chain). */
    public void resume(IoSession session) {
        synchronized (inflater) {
            if (!ended && waiting != null && inflater.getRemaining() > 0) {
                inflate(waiting, session);
            }
        }
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (request instanceof ClearWrite.Uncompressed || !(request.getMessage() instanceof IoBuffer b)) {
            next.filterWrite(session, request);
            return;
        }
        synchronized (deflater) {
            if (ended) {
                return; // the session is gone
            }
            byte[] input = new byte[b.remaining()];
            b.get(input);
            rawOut += input.length;
            deflater.setInput(input);
            IoBuffer compressed = IoBuffer.allocate(input.length / 2 + 64).setAutoExpand(true);
            int n;
            do {
                n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
                compressed.put(out, 0, n);
            } while (n == out.length || !deflater.needsInput());
            compressed.flip();
            wireOut += compressed.remaining();
            request.setMessage(compressed);
            next.filterWrite(session, request);
        }
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        synchronized (deflater) {
            ended = true;
            deflater.end();
        }
        synchronized (inflater) {
            inflater.end();
        }
        next.sessionClosed(session);
    }

    /** Octets before and after compression, each direction: "in 1200→400, out 90000→30000". */
    public synchronized String ratios() {
        return "in " + wireIn + "→" + rawIn + " octets, out " + rawOut + "→" + wireOut + " octets";
    }
}
