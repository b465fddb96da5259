package org.newsnode.nntp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.newsnode.nntp.codec.NntpDecoder;
import org.newsnode.nntp.session.Transport;

/** A session's transport over a MINA IoSession. */
final class MinaTransport implements Transport {
    private final IoSession io;

    MinaTransport(IoSession io) {
        this.io = io;
    }

    @Override
    public void send(byte[] data, int off, int len) {
        io.write(IoBuffer.wrap(data, off, len));
    }

    @Override
    public void expectBlock() {
        io.setAttribute(NntpDecoder.EXPECT_BLOCK, Boolean.TRUE);
    }

    @Override
    public void close() {
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
