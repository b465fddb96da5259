package org.newsnode.nntp.session;

import java.util.ArrayDeque;
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
 * the block a command waits for, and its counters. Transport-independent: commands see
 * this object only. Inbound messages are handled one at a time in order; a command that
 * waits for a commit defers the rest until its reply is sent.
 */
public final class NntpSession {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("newsnode.session");
    /**
     * Commands in flight per session: reading from the client stops while more than this many
     * pipelined commands wait, or {@link #MAX_QUEUED_BYTES} of their data, or this many replies
     * are promised but not sent (TAKETHIS waiting for commits); it resumes at half.
     */
    private static final int MAX_QUEUED = 1000;
    private static final long MAX_QUEUED_BYTES = 16L << 20;
    private static final int MAX_UNANSWERED = 1000;
    /**
     * Unsent output per session: past this no further command runs and reading stops, and a
     * scan's next step waits, until the client has read it down to half.
     */
    static final long MAX_PENDING_OUTPUT = 4L << 20;

    private final ServerContext context;
    private final Transport transport;
    private final Dispatcher dispatcher;
    private final long openedMillis;

    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private boolean running;
    private boolean waiting;
    private boolean readSuspended;
    /** Commands wait because {@link #MAX_PENDING_OUTPUT} octets are unsent. */
    private volatile boolean outputBlocked;
    /** The scan this session runs, in steps (see {@link #offload}). */
    private final ScanSteps scan;
    /** Octets of the article blocks waiting in the inbox. */
    private long inboxBytes;
    /** Replies promised by {@link #replyWhenDone} and not sent yet. */
    private int unanswered;

    private Group group;
    private long current = -1;
    private BlockHandler blockHandler;
    private volatile boolean closed;
    /** TLS is active (STARTTLS done or the implicit-TLS listener). */
    private boolean tls;
    /** COMPRESS DEFLATE is active. */
    private boolean compressed;

    private final SessionIdentity identity;

    private final SessionCounters counters = new SessionCounters();
    /** Replies go out in command order. */
    private final ReplyOrder replies;

    public NntpSession(ServerContext context, Transport transport, Dispatcher dispatcher) {
        this.context = context;
        this.transport = transport;
        this.replies = new ReplyOrder(transport);
        this.dispatcher = dispatcher;
        this.openedMillis = context.clock().millis();
        this.scan = new ScanSteps(this, transport, context.scans(), MAX_PENDING_OUTPUT);
        this.identity = new SessionIdentity(context, transport.remoteHost(), transport.remoteAddress());
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

    public void setPeers(List<PeerConfig> candidates) {
        identity.setPeers(candidates);
    }

    public boolean isPeer() {
        return identity.isPeer();
    }

    public List<PeerConfig> peers() {
        return identity.peers();
    }

    public org.newsnode.storage.intake.Intake.Source source() {
        return identity.source();
    }

    public String peerLabel() {
        return identity.label();
    }

    public String user() {
        return identity.user();
    }

    public boolean isAuthenticated() {
        return identity.user() != null;
    }

    public String pendingUser() {
        return identity.pendingUser();
    }

    public void setPendingUser(String name) {
        identity.setPendingUser(name);
    }

    public void authenticated(String name, PeerConfig asPeer) {
        identity.authenticated(name, asPeer);
    }

    public org.newsnode.nntp.context.AccessDirectory.Access evaluateAccess() {
        return identity.evaluateAccess();
    }

    public org.newsnode.nntp.context.AccessDirectory.Access access() {
        return identity.access();
    }

    public boolean mayRead(String group) {
        return identity.access().mayRead(group);
    }

    public boolean mayReadArticle(String messageId) {
        return identity.mayReadArticle(messageId);
    }

    public String readRefusal(String group, String otherwise) {
        return identity.readRefusal(group, otherwise);
    }

    public String postRefusal(String otherwise) {
        return identity.postRefusal(otherwise);
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
        int n;
        synchronized (this) {
            n = inbox.size();
            inbox.clear();
            inboxBytes = 0;
        }
        if (n > 0) {
            log.warn("session {}: dropped {} line(s) pipelined after {} (RFC 4642 §2.2.2, RFC 8054 §2.2.2)", peerLabel(), n, command);
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
        if (!outputBlocked && !scan.hasParked()) {
            return; // the common case, without the lock (both are volatile; see ScanSteps)
        }
        boolean restart;
        synchronized (this) {
            if (transport.pendingOutput() > MAX_PENDING_OUTPUT / 2) {
                return;
            }
            restart = false;
            if (outputBlocked) {
                outputBlocked = false;
                resumeIfRoom();
                restart = !running && !waiting && !inbox.isEmpty();
                if (restart) {
                    running = true;
                }
            }
        }
        scan.outputRoom();
        if (restart) {
            context.continuations().execute(this::drain);
        }
    }

    /**
     * Promises a one-line reply that depends on {@code work}: input keeps being handled
     * meanwhile (a streaming peer's next TAKETHIS), and the line {@code line} makes from the
     * finished work is sent once every earlier reply is out. {@code line} must be short.
     */
    public <T> void replyWhenDone(CompletableFuture<T> work, java.util.function.Function<CompletableFuture<T>, String> line) {
        synchronized (this) {
            unanswered++;
            suspendIfFull();
        }
        replies.sendWhenDone(work, line, () -> {
            synchronized (this) {
                unanswered--;
                if (!running) {
                    resumeIfRoom();
                }
            }
        });
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
        closed = true;
        transport.close();
    }

    /** Closes at once: the client hung up or stopped reading; what it queued is not run. */
    public void closeNow() {
        synchronized (this) {
            closed = true;
            inbox.clear();
            inboxBytes = 0;
        }
        scan.cancel(); // a parked scan ends with its session
        transport.closeNow();
        context.storage().history().releaseClaims(this); // its CHECKs will not be followed: another peer may send those now
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * The command waits for {@code future}; no further input is handled until {@code then}
     * ran with its result. {@code then} must be short (it writes the reply): it runs on the
     * thread that completes the future, which saves a thread hand-off per acknowledgement;
     * pipelined input that arrived meanwhile is handled on the continuation executor.
     */
    public <T> void await(CompletableFuture<T> future, Consumer<CompletableFuture<T>> then) {
        synchronized (this) {
            waiting = true;
        }
        future.whenComplete((r, e) -> {
            try {
                then.accept(future);
            } finally {
                synchronized (this) {
                    waiting = false;
                    if (running) {
                        return;
                    }
                    if (inbox.isEmpty()) {
                        closeIfInputEnded();
                        return;
                    }
                    running = true;
                }
                context.continuations().execute(this::drain);
            }
        });
    }

    // ---------------------------------------------------------------- input

    /** The client shut down its sending side (a script's half-close): nothing more will come. */
    private boolean inputEnded;

    /**
     * The client will send nothing more: every command it sent is still answered, then the
     * connection closes (input ending is not output ending; `printf … | nc -N` and many scripts).
     */
    public void inputEnded() {
        synchronized (this) {
            inputEnded = true;
            if (running || waiting || !inbox.isEmpty()) {
                return; // the drain closes when it runs out
            }
            closeIfInputEnded();
        }
    }

    /** Idle with the client's input ended: close once every promised reply is out. Under this. */
    private void closeIfInputEnded() {
        if (inputEnded && !closed) {
            closed = true;
            replies.allSent().whenComplete((x, e) -> transport.close());
        }
    }

    /**
     * Called by the transport with the messages decoded from one read, in order; their
     * replies are sent together once all are handled (or one waits for a commit).
     */
    public void receive(List<?> messages) {
        synchronized (this) {
            inbox.addAll(messages);
            for (Object m : messages) {
                if (m instanceof ArticleBlock b) {
                    inboxBytes += b.data().length;
                }
            }
            suspendIfFull();
            if (running || waiting) {
                return;
            }
            running = true;
        }
        drain();
    }

    private void drain() {
        transport.cork();
        try {
            drainCorked();
        } finally {
            transport.uncork();
        }
    }

    private void drainCorked() {
        while (true) {
            Object m;
            synchronized (this) {
                m = waiting ? null : inbox.poll();
            }
            if (m == null) {
                // articles queued by this pass (pipelined TAKETHIS) go into one commit now
                context.storage().commitQueued();
            }
            synchronized (this) {
                if (m == null && (waiting || (m = inbox.poll()) == null)) {
                    running = false;
                    resumeIfRoom();
                    if (!waiting) {
                        closeIfInputEnded();
                    }
                    return;
                }
            }
            if (closed) {
                continue; // after QUIT nothing more is answered
            }
            if (transport.pendingOutput() > MAX_PENDING_OUTPUT) {
                synchronized (this) {
                    // the client is not reading: keep the rest of its commands until it does
                    inbox.addFirst(m);
                    outputBlocked = true;
                    running = false;
                    suspendIfFull();
                }
                if (transport.pendingOutput() > MAX_PENDING_OUTPUT / 2) {
                    return; // outputSent sees the flag now and starts the drain again
                }
                synchronized (this) {
                    // it all went out between the check and the flag: no further write would wake this
                    if (running || !outputBlocked) {
                        return;
                    }
                    outputBlocked = false;
                    resumeIfRoom();
                    running = true;
                }
                continue;
            }
            handle(m);
        }
    }

    /** Holds the client back while too much of its input or too many of its replies are pending. Under this. */
    private void suspendIfFull() {
        if (!readSuspended && (outputBlocked || inbox.size() > MAX_QUEUED || inboxBytes > MAX_QUEUED_BYTES || unanswered > MAX_UNANSWERED)) {
            readSuspended = true;
            transport.suspendRead();
        }
    }

    /** Reads again once what is pending fell to half the limits. Under this. */
    private void resumeIfRoom() {
        if (readSuspended && !outputBlocked && inbox.size() < MAX_QUEUED / 2 && inboxBytes < MAX_QUEUED_BYTES / 2 && unanswered < MAX_UNANSWERED / 2) {
            readSuspended = false;
            transport.resumeRead();
        }
    }

    private void handle(Object m) {
        if (m instanceof org.newsnode.nntp.codec.InputTimeout t) {
            log.info("session {}: one command or article took over {} s to arrive, closing", peerLabel(), t.seconds());
            reply(400, "Input too slow: over " + t.seconds() + " seconds for one command or article, closing connection");
            close();
            return;
        }
        if (m instanceof CommandLine line) {
            counters.commands++;
            dispatcher.dispatch(this, line);
        } else if (m instanceof ArticleBlock block) {
            synchronized (this) {
                inboxBytes -= block.data().length;
            }
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
