package org.newsnode.nntp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.newsnode.nntp.codec.NntpDecoder;
import org.newsnode.nntp.session.Transport;

/** A session's transport over a MINA IoSession. */
final class MinaTransport implements Transport {
    /** Held output is written once it reaches this size, even while corked. */
    private static final int CORK_LIMIT = 64 * 1024;

    private final IoSession io;
    private boolean corked;
    private byte[] held = new byte[4096];
    private int heldLen;

    MinaTransport(IoSession io) {
        this.io = io;
    }

    @Override
    public synchronized void send(byte[] data, int off, int len) {
        if (!corked) {
            io.write(IoBuffer.wrap(data, off, len));
            return;
        }
        if (heldLen + len > held.length) {
            held = java.util.Arrays.copyOf(held, Math.max(heldLen + len, held.length * 2));
        }
        System.arraycopy(data, off, held, heldLen, len);
        heldLen += len;
        if (heldLen >= CORK_LIMIT) {
            writeHeld();
        }
    }

    @Override
    public synchronized void cork() {
        corked = true;
    }

    @Override
    public synchronized void uncork() {
        corked = false;
        writeHeld();
    }

    private void writeHeld() {
        if (heldLen > 0) {
            io.write(IoBuffer.wrap(java.util.Arrays.copyOf(held, heldLen)));
            heldLen = 0;
            if (held.length > CORK_LIMIT * 2) {
                held = new byte[4096];
            }
        }
    }

    @Override
    public void expectBlock() {
        io.setAttribute(NntpDecoder.EXPECT_BLOCK, Boolean.TRUE);
    }

    @Override
    public synchronized void close() {
        writeHeld(); // the last answer (205 to QUIT) goes out before the close
        io.closeOnFlush();
    }

    @Override
    public void suspendRead() {
        io.suspendRead();
    }

    @Override
    public void resumeRead() {
        io.resumeRead();
    }

    @Override
    public String remoteAddress() {
        SocketAddress a = io.getRemoteAddress();
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public String remoteHost() {
        SocketAddress a = io.getRemoteAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
