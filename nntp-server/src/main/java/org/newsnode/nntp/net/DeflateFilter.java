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
    private boolean ended;
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
        byte[] input = new byte[in.remaining()];
        in.get(input);
        wireIn += input.length;
        inflater.setInput(input);
        try {
            while (true) {
                int n = inflater.inflate(out);
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
        inflater.end();
        next.sessionClosed(session);
    }

    /** Octets before and after compression, each direction: "in 1200→400, out 90000→30000". */
    public synchronized String ratios() {
        return "in " + wireIn + "→" + rawIn + " octets, out " + rawOut + "→" + wireOut + " octets";
    }
}
