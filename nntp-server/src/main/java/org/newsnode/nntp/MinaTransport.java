package org.newsnode.nntp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.newsnode.nntp.codec.NntpDecoder;
import org.newsnode.nntp.session.Transport;

/** A session's transport over a MINA IoSession. */
final class MinaTransport implements Transport, org.newsnode.nntp.net.InflateInput.Gate {
    /** Held output is written once it reaches this size, even while corked. */
    private static final int CORK_LIMIT = 64 * 1024;

    private final IoSession io;
    /** Where inflating resumes after a suspension (see {@link #resumeRead}). */
    private final java.util.concurrent.Executor continuations;
    private final javax.net.ssl.SSLContext tls;
    private boolean corked;
    private byte[] held = new byte[4096];
    private int heldLen;

    MinaTransport(IoSession io, javax.net.ssl.SSLContext tls, int handshakeSeconds, java.util.concurrent.Executor continuations) {
        this.io = io;
        this.continuations = continuations;
        this.tls = tls;
        this.handshakeSeconds = handshakeSeconds;
    }

    private final int handshakeSeconds;
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tls-handshake-deadline");
                t.setDaemon(true);
                return t;
            });

    /**
     * A TLS handshake must finish within server.input-timeout-seconds, like any command or
     * article: a client that connects and sends nothing (or trickles) cannot hold its place.
     */
    void handshakeDeadline() {
        if (handshakeSeconds <= 0) {
            return;
        }
        DEADLINES.schedule(() -> {
            if (io.isConnected() && io.getAttribute(org.apache.mina.filter.ssl.SslFilter.SSL_SECURED) == null) {
                org.slf4j.LoggerFactory.getLogger("newsnode.session").info("session {}: no TLS handshake within {} s, closing",
                        remoteAddress(), handshakeSeconds);
                io.closeNow();
            }
        }, handshakeSeconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public long pendingOutput() {
        return io.getScheduledWriteBytes() + heldLen;
    }

    @Override
    public void closeNow() {
        io.closeNow();
    }

    @Override
    public boolean tlsAvailable() {
        return tls != null;
    }

    @Override
    public synchronized void startTls(byte[] reply) {
        writeHeld(); // earlier answers leave in clear text, before the layer
        io.setAttribute(NntpDecoder.RESET, Boolean.TRUE);
        io.getFilterChain().addFirst(TLS, org.newsnode.nntp.net.TlsFilter.server(tls));
        org.newsnode.nntp.net.ClearWrite.unencrypted(io, reply);
        handshakeDeadline();
    }

    @Override
    public synchronized void startCompression(byte[] reply) {
        writeHeld();
        io.setAttribute(NntpDecoder.RESET, Boolean.TRUE);
        var deflate = new org.newsnode.nntp.net.DeflateFilter(continuations, this);
        if (io.getFilterChain().contains(TLS)) {
            io.getFilterChain().addAfter(TLS, DEFLATE, deflate); // compress, then encrypt
        } else {
            io.getFilterChain().addFirst(DEFLATE, deflate);
        }
        org.newsnode.nntp.net.ClearWrite.uncompressed(io, reply);
    }

    @Override
    public String layers() {
        StringBuilder b = new StringBuilder();
        Object tlsInfo = io.getAttribute(TLS_INFO); // kept: the TLS filter forgets its session on close
        if (tlsInfo != null) {
            b.append(", ").append(tlsInfo);
        }
        if (io.getFilterChain().get(DEFLATE) instanceof org.newsnode.nntp.net.DeflateFilter d) {
            b.append(", deflate ").append(d.ratios());
        }
        return b.toString();
    }

    static final String TLS = "tls";
    /** "TLSv1.3 TLS_AES_256_GCM_SHA384", set when the handshake finishes. */
    static final org.apache.mina.core.session.AttributeKey TLS_INFO = new org.apache.mina.core.session.AttributeKey(MinaTransport.class, "tlsInfo");
    static final String DEFLATE = "deflate";

    @Override
    public synchronized void send(byte[] data, int off, int len) {
        if (!corked) {
            lastWrite = io.write(IoBuffer.wrap(data, off, len));
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
            lastWrite = io.write(IoBuffer.wrap(java.util.Arrays.copyOf(held, heldLen)));
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
        if (!io.getFilterChain().contains(TLS)) {
            io.closeOnFlush();
            return;
        }
        // RFC 8446 §6.1: end TLS with close_notify once the last answer is out, then close
        Runnable end = () -> {
            try {
                io.getFilterChain().remove(TLS); // the filter sends close_notify as it leaves
            } catch (RuntimeException e) {
                // already gone with the connection
            }
            io.closeOnFlush();
        };
        if (lastWrite == null || lastWrite.isDone()) {
            end.run();
        } else {
            lastWrite.addListener(f -> end.run());
        }
    }

    /** The future of the latest write, so a TLS close waits for it. */
    private org.apache.mina.core.future.WriteFuture lastWrite;

    /** The session wants no more input now (its commands or output are over their bounds). */
    private volatile boolean sessionPaused;
    /** Compressed input waits for the inflater (see InflateInput). */
    private boolean backlogHeld;

    @Override
    public void suspendRead() {
        sessionPaused = true;
        applyReading();
    }

    @Override
    public void resumeRead() {
        sessionPaused = false;
        applyReading();
        if (io.getFilterChain().get(DEFLATE) instanceof org.newsnode.nntp.net.DeflateFilter d) {
            // input that stayed compressed while reading was suspended; not on this thread (it may hold the session)
            d.resume(io);
        }
    }

    @Override
    public boolean paused() {
        return sessionPaused;
    }

    @Override
    public void backlog(boolean full) {
        synchronized (this) {
            backlogHeld = full;
        }
        applyReading();
    }

    /** MINA reads while neither the session nor the inflater's backlog holds it. */
    private synchronized void applyReading() {
        if (sessionPaused || backlogHeld) {
            io.suspendRead();
        } else {
            io.resumeRead();
        }
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
