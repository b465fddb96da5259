package org.newsnode.nntp.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.codec.CommandLine;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.Group;

/**
 * One client's NNTP session (RFC 3977 §3): the selected group and current article number,
 * the block a command waits for, the layers, and its counters. Transport-independent:
 * commands see this object only. Who the client is lives in {@link SessionIdentity}, the
 * input queue and its back-pressure in {@link SessionInput}, reply order in {@link ReplyOrder}.
 */
public final class NntpSession {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("newsnode.session");
    /**
     * Unsent output per session: past this no further command runs and reading stops, and a
     * scan's next step waits, until the client has read it down to half.
     */
    static final long MAX_PENDING_OUTPUT = 4L << 20;

    private final ServerContext context;
    private final Transport transport;
    private final Dispatcher dispatcher;
    private final long openedMillis;

    /** The scan this session runs, in steps (see {@link #offload}). */
    private final ScanSteps scan;
    private Group group;
    private long current = -1;
    private BlockHandler blockHandler;
    /** TLS is active (STARTTLS done or the implicit-TLS listener). */
    private boolean tls;
    /** COMPRESS DEFLATE is active. */
    private boolean compressed;

    private final SessionIdentity identity;

    private final SessionCounters counters = new SessionCounters();
    /** Replies go out in command order. */
    private final ReplyOrder replies;
    /** What the client sent, in order, and how far it may run ahead. */
    private final SessionInput input;

    public NntpSession(ServerContext context, Transport transport, Dispatcher dispatcher) {
        this.context = context;
        this.transport = transport;
        this.replies = new ReplyOrder(transport);
        this.dispatcher = dispatcher;
        this.openedMillis = context.clock().millis();
        this.scan = new ScanSteps(this, transport, context.scans(), MAX_PENDING_OUTPUT);
        this.identity = new SessionIdentity(context, transport.remoteHost(), transport.remoteAddress());
        this.input = new SessionInput(transport, replies, context.continuations(), this::handle,
                () -> context.storage().commitQueued(), MAX_PENDING_OUTPUT);
    }

    public ServerContext context() {
        return context;
    }

    public SessionCounters counters() {
        return counters;
    }

    public long openedMillis() {
        return openedMillis;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    public String remoteHost() {
        return transport.remoteHost();
    }

    // ---------------------------------------------------------------- who the client is (SessionIdentity)

    /** Who the client is, by address and login, and what the [[access]] rules let it do. */
    public SessionIdentity identity() {
        return identity;
    }

    // ---------------------------------------------------------------- layers (RFC 4642, RFC 8054)

    public boolean isTls() {
        return tls;
    }

    /** The connection came in on the implicit-TLS listener. */
    public void setTls(boolean tls) {
        this.tls = tls;
    }

    public boolean isCompressed() {
        return compressed;
    }

    /** STARTTLS can be offered: the node has a certificate and no layer is active yet. */
    public boolean tlsAvailable() {
        return transport.tlsAvailable();
    }

    /**
     * Answers {@code reply} once every earlier reply is out, then starts TLS. RFC 4642 §2.2.2:
     * anything the client pipelined after STARTTLS is dropped, and the session forgets what it
     * learnt from the client before (selected group, current article, half-given login).
     */
    public void startTls(String reply) {
        afterReplies(() -> {
            dropPipelined("STARTTLS");
            tls = true;
            group = null;
            current = -1;
            identity.setPendingUser(null);
            transport.startTls((reply + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        });
    }

    /** Answers {@code reply}, then compresses both directions (RFC 8054 §2.2.2). */
    public void startCompression(String reply) {
        afterReplies(() -> {
            dropPipelined("COMPRESS");
            compressed = true;
            transport.startCompression((reply + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        });
    }

    /** Runs {@code r} when every reply promised so far has been sent; input waits meanwhile. */
    private void afterReplies(Runnable r) {
        CompletableFuture<Void> prev = replies.allSent();
        if (prev.isDone()) {
            r.run();
        } else {
            await(prev, f -> r.run());
        }
    }

    /** The client sent more before the layer started: it cannot be meant for the new layer. */
    private void dropPipelined(String command) {
        int n = input.dropPending();
        if (n > 0) {
            log.warn("session {}: dropped {} line(s) pipelined after {} (RFC 4642 §2.2.2, RFC 8054 §2.2.2)", identity.label(), n, command);
        }
    }

    /** What the connection's layers did, for the closing log line. */
    public String layers() {
        return transport.layers();
    }

    // ---------------------------------------------------------------- state (RFC 3977 §3.4)

    public Group group() {
        return group;
    }

    /** Selects a group; the current article becomes its first article, or invalid if empty. */
    public void selectGroup(Group g, long currentNumber) {
        this.group = g;
        this.current = currentNumber;
    }

    /** The current article number, or -1 when it is invalid. */
    public long current() {
        return current;
    }

    public void setCurrent(long n) {
        this.current = n;
    }

    /** The selected group as it is now (its counters change as articles arrive). */
    public Group freshGroup() {
        if (group == null) {
            return null;
        }
        Group now = context.storage().group(group.name());
        if (now == null || now.id() != group.id()) {
            return group; // removed meanwhile: keep answering from the old snapshot
        }
        group = now;
        return now;
    }

    // ---------------------------------------------------------------- output

    /** A new response builder. */
    public Response response() {
        return new Response(this::emit);
    }

    /** Sends octets of a response, after every reply promised before it (see {@link ReplyOrder}). */
    void emit(byte[] data, int off, int len) {
        replies.send(data, off, len);
    }

    /**
     * Runs a command that scans on the scan pool once every earlier reply is out; the session
     * handles no other input meanwhile. The command works in steps (see {@link #scanMore}), so no
     * thread and no database cursor is held while its client is slow to read.
     */
    public void offload(Runnable command) {
        await(scan.start(replies.allSent(), command), f -> { });
    }

    /**
     * Called by a scanning command from one of its steps: {@code next} continues the scan,
     * on the scan pool, once the output so far is mostly read (each step sends a bounded amount).
     */
    public void scanMore(Runnable next) {
        scan.more(next);
    }

    /** A scan failed after part of its answer went out: the session cannot go on. */
    void scanFailed() {
        counters.faults++;
        closeNow();
    }

    /** MINA wrote output: commands (or a scan's step) held back by unsent output may run again. */
    public void outputSent() {
        if (!input.outputBlocked() && !scan.hasParked()) {
            return; // the common case, without a lock (both are volatile; see ScanSteps)
        }
        if (input.outputSent()) {
            scan.outputRoom();
        }
    }

    /**
     * Promises a one-line reply that depends on {@code work}: input keeps being handled
     * meanwhile (a streaming peer's next TAKETHIS), and the line {@code line} makes from the
     * finished work is sent once every earlier reply is out. {@code line} must be short.
     */
    public <T> void replyWhenDone(CompletableFuture<T> work, java.util.function.Function<CompletableFuture<T>, String> line) {
        input.promised();
        replies.sendWhenDone(work, line, input::answered);
    }

    /** Sends a single-line response (text as a byte string). */
    public void reply(int code, String text) {
        text = ReplyText.bounded(text);
        byte[] b = new byte[text.length() + 6];
        b[0] = (byte) ('0' + code / 100);
        b[1] = (byte) ('0' + code / 10 % 10);
        b[2] = (byte) ('0' + code % 10);
        b[3] = ' ';
        for (int i = 0; i < text.length(); i++) {
            b[4 + i] = (byte) text.charAt(i); // a byte string: one char per octet
        }
        b[b.length - 2] = '\r';
        b[b.length - 1] = '\n';
        emit(b, 0, b.length);
    }

    /** Sends a response whose text is Unicode (encoded as UTF-8). */
    public void replyUtf8(int code, String text) {
        response().utf8Line(code + " " + ReplyText.boundedUtf8(text)).send();
    }

    /** Asks for the next data block (after a 340/335); the handler receives it. */
    public void expectBlock(BlockHandler handler) {
        this.blockHandler = handler;
        transport.expectBlock();
    }

    /**
     * Hands the block that the decoder is already reading (it follows TAKETHIS at once,
     * RFC 4644 §2.5) to the handler, without asking the transport for another one.
     */
    public void onFollowingBlock(BlockHandler handler) {
        this.blockHandler = handler;
    }

    /** Closes the connection once pending output is written. */
    public void close() {
        input.markClosed();
        transport.close();
    }

    /** Closes at once: the client hung up or stopped reading; what it queued is not run. */
    public void closeNow() {
        input.discard();
        scan.cancel(); // a parked scan ends with its session
        transport.closeNow();
        context.storage().history().releaseClaims(this); // its CHECKs will not be followed: another peer may send those now
    }

    public boolean isClosed() {
        return input.isClosed();
    }

    /**
     * The command waits for {@code future}; no further input is handled until {@code then}
     * ran with its result. {@code then} must be short (it writes the reply): it runs on the
     * thread that completes the future, which saves a thread hand-off per acknowledgement;
     * pipelined input that arrived meanwhile is handled on the continuation executor.
     */
    public <T> void await(CompletableFuture<T> future, Consumer<CompletableFuture<T>> then) {
        input.await(future, then);
    }

    // ---------------------------------------------------------------- input

    /**
     * The client will send nothing more: every command it sent is still answered, then the
     * connection closes (input ending is not output ending; `printf … | nc -N` and many scripts).
     */
    public void inputEnded() {
        input.inputEnded();
    }

    /**
     * Called by the transport with the messages decoded from one read, in order; their
     * replies are sent together once all are handled (or one waits for a commit).
     */
    public void receive(List<?> messages) {
        input.receive(messages);
    }

    private void handle(Object m) {
        if (m instanceof org.newsnode.nntp.codec.InputTimeout t) {
            log.info("session {}: one command or article took over {} s to arrive, closing", identity.label(), t.seconds());
            reply(400, "Input too slow: over " + t.seconds() + " seconds for one command or article, closing connection");
            close();
            return;
        }
        if (m instanceof CommandLine line) {
            counters.commands++;
            dispatcher.dispatch(this, line);
        } else if (m instanceof ArticleBlock block) {
            BlockHandler h = blockHandler;
            blockHandler = null;
            if (h == null) {
                return;
            }
            try {
                h.accept(this, block);
            } catch (RuntimeException e) {
                // no input may end the session: answer as RFC 3977 §3.2.1 allows and go on
                counters.faults++;
                log.error("session {}: internal error handling an article", remoteAddress(), e);
                reply(403, "Internal fault");
            }
        }
    }
}
