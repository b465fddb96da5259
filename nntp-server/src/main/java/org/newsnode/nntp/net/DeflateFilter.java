package org.newsnode.nntp.net;

import java.util.zip.Deflater;
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
    private final byte[] out = new byte[16 * 1024];
    /** Compressed output of one write, reused (under the deflater's lock). */
    private java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream(16 * 1024);
    private final InflateInput inbound;
    private volatile boolean ended;
    private long rawOut;
    private long wireOut;

    /** For a server session: inflating goes on from {@code resumeOn}, under the session's {@code gate}. */
    public DeflateFilter(java.util.concurrent.Executor resumeOn, InflateInput.Gate gate) {
        this.inbound = new InflateInput(resumeOn, gate);
    }

    /** For a feeder link: responses are short; everything read is inflated at once. */
    public DeflateFilter() {
        this(null, null);
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (!(message instanceof IoBuffer in)) {
            next.messageReceived(session, message);
            return;
        }
        byte[] fresh = new byte[in.remaining()];
        in.get(fresh);
        if (!ended) {
            inbound.received(fresh, next, session);
        }
    }

    /** Reading resumed: what stayed compressed is inflated in a later turn (see {@link InflateInput}). */
    public void resume(IoSession session) {
        inbound.resume(session);
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
            deflated.reset();
            int n;
            do {
                n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
                deflated.write(out, 0, n);
            } while (n == out.length || !deflater.needsInput());
            // exactly the compressed octets: a write waiting for a slow reader holds no more than it sends
            IoBuffer compressed = IoBuffer.wrap(deflated.toByteArray());
            if (deflated.size() > 64 * 1024) {
                deflated = new java.io.ByteArrayOutputStream(16 * 1024); // an article's worth is not kept per session
            }
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
        inbound.end();
        next.sessionClosed(session);
    }

    /** Octets before and after compression, each direction: "in 1200→400, out 90000→30000". */
    public synchronized String ratios() {
        return "in " + inbound.wireIn + "→" + inbound.rawIn + " octets, out " + rawOut + "→" + wireOut + " octets";
    }
}
