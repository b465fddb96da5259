package org.newsnode.nntp;

import org.newsnode.nntp.context.ServerContext;
import org.newsnode.nntp.context.AddressKey;
import org.newsnode.nntp.net.Handover;

import java.io.IOException;
import java.util.List;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.newsnode.nntp.command.CommandDispatcher;
import org.newsnode.nntp.command.CommandRegistry;
import org.newsnode.nntp.session.NntpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bridges MINA events to NNTP sessions: greeting on open, messages in order, one log line at close. */
final class NntpHandler extends IoHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("newsnode.session");
    private static final AttributeKey SESSION = new AttributeKey(NntpHandler.class, "session");

    private final ServerContext context;
    private final CommandDispatcher dispatcher;

    NntpHandler(ServerContext context, CommandRegistry registry) {
        this.context = context;
        this.dispatcher = new CommandDispatcher(registry);
    }

    @Override
    public void sessionOpened(IoSession io) {
        MinaTransport transport = new MinaTransport(io, context.tls(), context.config().inputTimeoutSeconds(), context.continuations());
        String refusal = admit(io, AddressKey.of(transport.remoteHost()));
        if (refusal != null) {
            log.warn("session {}: refused: {}", transport.remoteAddress(), refusal);
            io.write(org.apache.mina.core.buffer.IoBuffer.wrap(("400 " + refusal + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            io.closeOnFlush();
            return;
        }
        NntpSession s = new NntpSession(context, transport, dispatcher);
        s.identity().setPeers(context.peers().at(transport.remoteHost()));
        s.setTls(io.getFilterChain().contains(MinaTransport.TLS)); // the implicit-TLS listener
        if (s.isTls()) {
            transport.handshakeDeadline();
        }
        if (s.identity().evaluateAccess().nothing() && !s.identity().isPeer()) {
            // RFC 3977 §5.1.1: no [[access]] rule lets this client do anything, now or after a login
            log.info("session {}: no [[access]] rule for this address, closing", transport.remoteAddress());
            io.setAttribute(SESSION, s);
            s.reply(502, "You have no permission to talk.  Goodbye!");
            s.close();
            return;
        }
        io.setAttribute(SESSION, s);
        s.response().line(org.newsnode.nntp.command.Greeting.line(s)).send();
    }

    /** Admitted connections in all and per source address (refused ones never hold a place). */
    private final java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> perAddress = new java.util.concurrent.ConcurrentHashMap<>();
    private static final AttributeKey COUNTED = new AttributeKey(NntpHandler.class, "counted");

    /**
     * RFC 3977 §5.1: 400 when the server cannot serve this client now; null when it can.
     * An admitted connection holds its places until it closes.
     */
    private String admit(IoSession io, String address) {
        var cfg = context.config();
        if (admitted.incrementAndGet() > cfg.maxConnections()) {
            admitted.decrementAndGet();
            return "Too many connections (server.max-connections " + cfg.maxConnections() + "); try again later";
        }
        if (perAddress.merge(address, 1, Integer::sum) > cfg.maxConnectionsPerAddress()) {
            perAddress.computeIfPresent(address, (k, v) -> v <= 1 ? null : v - 1);
            admitted.decrementAndGet();
            return "Too many connections from your address (" + cfg.maxConnectionsPerAddress() + "); try again later";
        }
        io.setAttribute(COUNTED, address);
        return null;
    }

    @Override
    public void messageReceived(IoSession io, Object message) {
        Handover.Owner feed = Handover.owner(io);
        if (feed != null) {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) message; // the codec of a handed-over session reads response lines
            feed.lines(lines);
            return;
        }
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (s == null) {
            return;
        }
        if (message instanceof org.newsnode.nntp.codec.InputBatch batch) {
            s.receive(batch.messages());
        } else {
            s.receive(List.of(message));
        }
    }

    /**
     * The client half-closed: answer what it sent, then close (MINA's default closes at once and
     * the replies are lost).
     */
    @Override
    public void inputClosed(IoSession io) {
        if (Handover.owner(io) != null) {
            io.closeNow(); // the peer hung up on our offers: what it did not answer goes back to its queue
            return;
        }
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (s == null) {
            io.closeNow();
        } else {
            s.inputEnded();
        }
    }

    /** A write reached the socket: a session held back by its unsent output may go on. */
    @Override
    public void messageSent(IoSession io, Object message) {
        Handover.Owner feed = Handover.owner(io);
        if (feed != null) {
            feed.sent();
            return;
        }
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (s != null) {
            s.outputSent();
        }
    }

    /**
     * server.idle-timeout-seconds passed with nothing read or written: say so and close; when
     * output is waiting the client stopped reading, and no write made progress: close at once.
     */
    @Override
    public void sessionIdle(IoSession io, org.apache.mina.core.session.IdleStatus status) {
        if (Handover.owner(io) != null) {
            return; // the feed keeps its own response deadline, and an empty queue may keep a called-in link quiet
        }
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (s == null) {
            return;
        }
        if (status == org.apache.mina.core.session.IdleStatus.READER_IDLE) {
            inputStalled(io, s);
            return;
        }
        long seconds = context.config().idleTimeoutSeconds();
        if (io.getScheduledWriteBytes() > 0) {
            log.info("session {}: no output written for {} s ({} octets waiting; the client stopped reading), closing",
                    s.identity().label(), seconds, io.getScheduledWriteBytes());
            s.closeNow();
            return;
        }
        if (s.isClosed()) {
            return;
        }
        log.info("session {}: idle for {} s, closing", s.identity().label(), seconds);
        s.reply(400, "Timeout after " + seconds + " seconds, closing connection");
        s.close();
    }

    /**
     * Nothing read for server.input-timeout-seconds while a command line or article is half
     * sent: the same end as a trickle (slowloris), though no byte arrived to notice it by.
     * Not while this side stopped reading (back-pressure): then the client is not to blame.
     */
    private void inputStalled(IoSession io, NntpSession s) {
        Long since = (Long) io.getAttribute(org.newsnode.nntp.codec.NntpDecoder.PARTIAL_SINCE);
        long limit = context.config().inputTimeoutSeconds();
        if (since == null || io.isReadSuspended() || s.isClosed() || System.nanoTime() - since < limit * 1_000_000_000L) {
            return;
        }
        s.receive(List.of(new org.newsnode.nntp.codec.InputTimeout(limit)));
    }

    /** The TLS handshake finished: one log line with what was agreed. */
    @Override
    public void event(IoSession io, org.apache.mina.filter.FilterEvent event) {
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (event == org.apache.mina.filter.ssl.SslEvent.SECURED && s != null
                && io.getAttribute(org.apache.mina.filter.ssl.SslFilter.SSL_SECURED) instanceof javax.net.ssl.SSLSession t) {
            io.setAttribute(MinaTransport.TLS_INFO, t.getProtocol() + " " + t.getCipherSuite());
            log.info("session {}: TLS established ({} {})", s.identity().label(), t.getProtocol(), t.getCipherSuite());
        }
    }

    @Override
    public void sessionClosed(IoSession io) {
        Handover.Owner feed = Handover.owner(io);
        if (feed != null) {
            feed.closed();
        }
        NntpSession closing = (NntpSession) io.getAttribute(SESSION);
        if (closing != null) {
            closing.closeNow(); // a scan waiting for room ends, queued input is dropped
        }
        String counted = (String) io.getAttribute(COUNTED);
        if (counted != null) {
            perAddress.computeIfPresent(counted, (k, v) -> v <= 1 ? null : v - 1);
            admitted.decrementAndGet();
        }
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        if (s != null) {
            long ms = context.clock().millis() - s.openedMillis();
            String rule = s.identity().access().rule();
            log.info("session {} closed after {}.{} s: {}{}{}", s.identity().label(), ms / 1000,
                    (ms % 1000) / 100, s.counters(), s.layers(), rule.isEmpty() ? "" : ", access rule " + rule);
        }
    }

    @Override
    public void exceptionCaught(IoSession io, Throwable cause) {
        NntpSession s = (NntpSession) io.getAttribute(SESSION);
        String who = s == null ? String.valueOf(io.getRemoteAddress()) : s.remoteAddress();
        if (cause instanceof javax.net.ssl.SSLException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            log.info("session {}: TLS failed: {}", who, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("session {}: {}", who, cause.getMessage());
        } else if (cause instanceof ProtocolDecoderException) {
            log.warn("session {}: undecodable input: {}", who, cause.getMessage());
        } else {
            log.error("session {}: unexpected error, closing", who, cause);
        }
        io.closeNow();
    }
}
