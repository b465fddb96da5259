package org.newsnode.feeder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing link to one peer. Connects (bound to the configured source address), asks
 * for MODE STREAM and then offers the queue with CHECK/TAKETHIS, a window of commands in
 * flight (RFC 4644); when streaming is refused or not configured, IHAVE one at a time
 * (RFC 3977 §6.3.2). A queue row goes only when the peer answered for it for good (took it,
 * had it, refused it, or a 5xx); 431/436 retry it later; a lost connection keeps everything
 * and reconnects with capped exponential backoff. All state changes happen under the link's
 * lock; MINA delivers one response at a time.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");
    static final long RETRY_DEFERRED_MS = 1_000;
    static final long BACKOFF_MIN_MS = 500;
    static final long BACKOFF_MAX_MS = 60_000;
    static final int DEQUEUE_BATCH = 64;
    /** Capability lines kept from one answer; a longer list is a broken or hostile peer (RFC 3977 §5.2). */
    static final int MAX_CAPABILITIES = 256;

    private enum Kind { CHECK, TAKETHIS, TAKETHIS_UNCHECKED, IHAVE, IHAVE_BODY }

    private record Pending(Kind kind, Storage.Queued row) {
    }

    private enum State { DISCONNECTED, BACKOFF, CONNECTING, GREETING, CAPABILITIES, STARTTLS, HANDSHAKE, LOGIN_USER,
        LOGIN_PASS, COMPRESS, MODE_STREAM, STREAMING, IHAVE, CLOSED }

    private final PeerConfig peer;
    private final Storage storage;
    private final NioSocketConnector connector;
    private final ScheduledExecutorService timers;
    /** Where host names are looked up (DNS may wait). */
    private final java.util.concurrent.Executor resolver;
    /** The client TLS context for this peer (null when its tls is "off"). */
    private final javax.net.ssl.SSLContext tls;
    /** The peer's capability list as last read (RFC 3977 §5.2), upper-cased. */
    private final java.util.Set<String> capabilities = new java.util.HashSet<>();
    private boolean capabilityList;
    private boolean secured;
    private final FeedCounters counters;
    /** This link's share of the queue: rows whose seq modulo {@code links} is {@code index}. */
    private final int index;
    private final int links;

    private State state = State.DISCONNECTED;
    private IoSession session;
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final ArrayDeque<Storage.Queued> retry = new ArrayDeque<>();
    private final List<Long> done = new ArrayList<>();
    private long cursor;
    private int failures;
    private boolean retryScheduled;
    private long sessionOffered;
    /** When the peer last answered or we last asked it something (System.nanoTime), for the response deadline. */
    private volatile long lastProgress;
    private java.util.concurrent.ScheduledFuture<?> deadline;

    PeerLink(PeerConfig peer, int index, FeedCounters counters, Storage storage, NioSocketConnector connector,
             ScheduledExecutorService timers, java.util.concurrent.Executor resolver, javax.net.ssl.SSLContext tls) {
        this.resolver = resolver;
        this.peer = peer;
        this.tls = tls;
        this.index = index;
        this.links = peer.connections();
        this.counters = counters;
        this.storage = storage;
        this.connector = connector;
        this.timers = timers;
    }

    PeerConfig peer() {
        return peer;
    }

    FeedCounters counters() {
        return counters;
    }

    /** New articles were queued for this peer: connect, or offer them now. */
    synchronized void wake() {
        switch (state) {
            case DISCONNECTED -> connect();
            case STREAMING, IHAVE -> {
                corked = true; // a window of CHECKs in one write
                try {
                    pump();
                } finally {
                    uncork();
                }
            }
            default -> {
                // connecting, or waiting out a backoff: the queue is read once the link is up
            }
        }
    }

    /** Starts the link if anything is queued. */
    synchronized void start() {
        if (state == State.DISCONNECTED && !storage.queued(peer.name(), 0, 1, index, links).isEmpty()) {
            connect();
        }
    }

    /**
     * At start, queue or not: connecting says "this node is back" (the peer's link to us stops
     * waiting out its backoff, see {@link #peerIsUp}) and leaves a link open for the next article.
     */
    synchronized void announce() {
        if (state == State.DISCONNECTED) {
            connect();
        }
    }

    private void connect() {
        state = State.CONNECTING;
        resolver.execute(this::resolveAndConnect); // a DNS wait holds no lock, no I/O thread and no timer
    }

    private void resolveAndConnect() {
        InetSocketAddress remote = new InetSocketAddress(peer.host(), peer.port());
        InetSocketAddress local = peer.sourceAddress() == null ? null : new InetSocketAddress(peer.sourceAddress(), 0);
        synchronized (this) {
            if (state != State.CONNECTING) {
                return;
            }
            if (remote.isUnresolved()) {
                failed("host " + peer.host() + " does not resolve");
                return;
            }
            // the initializer runs before the session sees any event, so the greeting finds this link
            ConnectFuture f = connector.connect(remote, local, (s, future) -> attach(s));
            f.addListener(done -> connected((ConnectFuture) done));
        }
    }

    /** Something was written to the peer (the deadline counts from the last progress either way). */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** No answer for response-timeout-seconds while one is owed: the link is dropped and retried (queue kept). */
    private synchronized void checkDeadline() {
        boolean owed = switch (state) {
            case GREETING, CAPABILITIES, STARTTLS, HANDSHAKE, LOGIN_USER, LOGIN_PASS, COMPRESS, MODE_STREAM -> true;
            case STREAMING, IHAVE -> !inflight.isEmpty();
            default -> false;
        };
        long seconds = peer.responseTimeoutSeconds();
        if (owed && session != null && System.nanoTime() - lastProgress > seconds * 1_000_000_000L) {
            failed("no answer within " + seconds + " s (" + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "); response-timeout-seconds");
        }
    }

    private synchronized void attach(IoSession s) {
        s.setAttribute(PeerLink.class, this);
        session = s;
        refused = false; // something listens: a later failure backs off as usual
        state = State.GREETING;
        cursor = 0;
        sessionOffered = 0;
        secured = false;
        capabilities.clear();
        counters.live.put(index, s);
        lastProgress = System.nanoTime();
        long every = Math.max(250, peer.responseTimeoutSeconds() * 1000L / 4);
        deadline = timers.scheduleWithFixedDelay(this::checkDeadline, every, every, TimeUnit.MILLISECONDS);
        if (peer.tls() == PeerConfig.Tls.IMPLICIT) {
            s.getFilterChain().addFirst(TLS, tlsFilter()); // the greeting comes after the handshake
        }
    }

    private static final String TLS = "tls";

    private org.newsnode.nntp.net.TlsFilter tlsFilter() {
        return org.newsnode.nntp.net.TlsFilter.client(tls, peer.host(), peer.port(), peer.tlsFingerprint() == null);
    }

    private synchronized void connected(ConnectFuture f) {
        if (state == State.CLOSED) {
            if (f.isConnected()) {
                f.getSession().closeNow();
            }
            return;
        }
        if (!f.isConnected()) {
            session = null;
            refused = f.getException() instanceof java.net.ConnectException ce && ce.getMessage() != null
                    && ce.getMessage().contains("refused");
            failed("cannot connect to " + peer.host() + ":" + peer.port() + ": "
                    + (f.getException() == null ? "refused" : f.getException().getMessage()));
        }
    }

    /** The response lines of one read; what they make the link send leaves in one write. */
    synchronized void responses(List<String> lines) {
        lastProgress = System.nanoTime();
        corked = true;
        try {
            for (String line : lines) {
                if (session == null) {
                    break;
                }
                response(line);
            }
        } finally {
            uncork();
        }
    }

    /** Holds writes while a burst is handled; the held buffers go out as one. */
    private boolean corked;
    private final List<IoBuffer> held = new ArrayList<>();

    private void write(IoBuffer b) {
        if (inflight.size() <= 1 || state != State.STREAMING) {
            lastProgress = System.nanoTime(); // a new question after a quiet spell (CHECK, TAKETHIS, IHAVE…): owed from now
        }
        if (corked) {
            held.add(b);
        } else if (session != null) {
            session.write(b);
        }
    }

    private void uncork() {
        corked = false;
        if (held.isEmpty()) {
            return;
        }
        if (session != null && !session.isClosing()) {
            int n = 0;
            for (IoBuffer b : held) {
                n += b.remaining();
            }
            IoBuffer all = IoBuffer.allocate(n);
            for (IoBuffer b : held) {
                all.put(b);
            }
            session.write(all.flip());
        }
        held.clear();
    }

    /** One response line from the peer. */
    private void response(String line) {
        int code = code(line);
        switch (state) {
            case GREETING -> {
                if (code != 200 && code != 201) {
                    failed("greeting " + line);
                    return;
                }
                counters.connectedSince = System.currentTimeMillis();
                if (counters.noCapabilities) {
                    capabilities.clear();
                    capabilitiesKnown(); // RFC 3977 §5.2 is not universal: this peer offers nothing we ask for
                } else if (peer.tls() != PeerConfig.Tls.OFF || peer.compress()) {
                    askCapabilities();
                } else {
                    login();
                }
            }
            case CAPABILITIES -> capabilityLine(code, line);
            case STARTTLS -> {
                if (code == 382) {
                    state = State.HANDSHAKE; // RFC 4642 §2.2.2: the handshake starts now
                    session.getFilterChain().addFirst(TLS, tlsFilter());
                } else {
                    // it offered STARTTLS: going on in clear text could be a downgrade, so no link
                    failed("STARTTLS answered \"" + line + "\"");
                }
            }
            case COMPRESS -> {
                if (code == 206) {
                    var deflate = new org.newsnode.nntp.net.DeflateFilter();
                    if (session.getFilterChain().contains(TLS)) {
                        session.getFilterChain().addAfter(TLS, DEFLATE, deflate);
                    } else {
                        session.getFilterChain().addFirst(DEFLATE, deflate);
                    }
                    counters.layers = (secured ? counters.layers : "plain") + "+deflate";
                } else {
                    log.info("feed {}: COMPRESS answered \"{}\"; going on uncompressed", peer.name(), line);
                }
                loggedIn();
            }
            case LOGIN_USER, LOGIN_PASS -> {
                if (code == 381 && state == State.LOGIN_USER) {
                    state = State.LOGIN_PASS;
                    send("AUTHINFO PASS " + peer.login().password() + "\r\n");
                } else if (code == 281) {
                    afterLogin();
                } else {
                    failed("login as " + peer.login().user() + " refused: " + line); // RFC 4643 §2.3.2
                }
            }
            case MODE_STREAM -> {
                if (code == 480 || code == 483) {
                    failed("MODE STREAM answered \"" + line + "\"" + (peer.login() == null
                            ? " (the peer wants a login: set login-user and login-password)" : ""));
                } else if (code == 203) {
                    state = State.STREAMING;
                    failures = 0; // up: the next loss backs off from the start again
                    downSince = 0;
                    refused = false;
                    counters.up();
                    log.info("feed {}: connected to {}:{}, streaming", peer.name(), peer.host(), peer.port());
                    pump();
                } else {
                    startIhave(); // RFC 4644 §2.3: no streaming, fall back to IHAVE
                }
            }
            case STREAMING, IHAVE -> answer(code, line);
            default -> log.debug("feed {}: unexpected \"{}\" while {}", peer.name(), line, state);
        }
    }

    private static final String DEFLATE = "deflate";

    private void askCapabilities() {
        state = State.CAPABILITIES;
        capabilities.clear();
        capabilityList = false;
        send("CAPABILITIES\r\n");
    }

    /** One line of the answer to CAPABILITIES; at its end, TLS, login and compression in that order. */
    private void capabilityLine(int code, String line) {
        if (!capabilityList) {
            if (code == 101) {
                capabilityList = true;
                return;
            }
            counters.noCapabilities = true; // an old server without CAPABILITIES (RFC 3977 §5.2): nothing offered
            capabilitiesKnown();
            return;
        }
        if (line.equals(".")) {
            capabilitiesKnown();
        } else if (capabilities.size() >= MAX_CAPABILITIES) {
            capabilities.clear();
            failed("a capability list of over " + MAX_CAPABILITIES + " lines");
        } else {
            capabilities.add(line.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private void capabilitiesKnown() {
        if (!secured && peer.tls() != PeerConfig.Tls.OFF) {
            if (capabilities.contains("STARTTLS")) {
                state = State.STARTTLS;
                send("STARTTLS\r\n");
                return;
            }
            if (peer.tls() == PeerConfig.Tls.STARTTLS) {
                failed("the peer offers no STARTTLS (tls = \"starttls\" in its [[peer]])");
                return;
            }
            if (peer.login() != null) {
                // with "auto" a man in the middle could strip STARTTLS and read the password: only "off" says plain is meant
                failed("the peer offers no STARTTLS and this link logs in as " + peer.login().user()
                        + ": the password would cross in clear text (tls = \"off\" in its [[peer]] allows that)");
                return;
            }
            if (!plainNoted) {
                plainNoted = true; // tls = "auto": said once per link, not on every reconnect
                log.info("feed {}: the peer offers no STARTTLS; the link is not encrypted", peer.name());
            }
        }
        login();
    }

    private boolean plainNoted;
    private boolean loginInClearNoted;

    /** The TLS handshake finished (STARTTLS or implicit): the capabilities are read again (RFC 4642 §2.2.2). */
    synchronized void secured(javax.net.ssl.SSLSession t) {
        secured = true;
        counters.layers = t == null ? "TLS" : t.getProtocol();
        log.info("feed {}: TLS established with {}:{} ({} {})", peer.name(), peer.host(), peer.port(),
                t == null ? "?" : t.getProtocol(), t == null ? "?" : t.getCipherSuite());
        if (state == State.HANDSHAKE) {
            askCapabilities();
        }
    }

    /** The connection failed below NNTP (TLS handshake, certificate): say why, then back off. */
    synchronized void error(Throwable cause) {
        String why = cause.getMessage();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertificateException) {
                why = c.getMessage(); // the most useful line: what to pin, or what did not match
                break;
            }
        }
        failed((cause instanceof javax.net.ssl.SSLException || cause.getCause() instanceof javax.net.ssl.SSLException
                ? "TLS failed: " : "") + why);
    }

    private void login() {
        if (!secured) {
            counters.layers = "plain";
        }
        if (peer.login() != null) {
            if (!secured && !loginInClearNoted) {
                loginInClearNoted = true; // said once per link: the password crosses the network readable
                log.warn("feed {}: logging in as {} over an unencrypted link (the peer offers no STARTTLS; set tls = \"starttls\" to refuse)",
                        peer.name(), peer.login().user());
            }
            state = State.LOGIN_USER;
            send("AUTHINFO USER " + peer.login().user() + "\r\n");
        } else {
            afterLogin();
        }
    }

    /** RFC 8054 §2.2.2: compression after TLS and login, when the peer offers it and the config allows. */
    private void afterLogin() {
        if (peer.compress() && capabilities.stream().anyMatch(c -> c.startsWith("COMPRESS") && c.contains("DEFLATE"))) {
            state = State.COMPRESS;
            send("COMPRESS DEFLATE\r\n");
        } else {
            loggedIn();
        }
    }

    /** RFC 4643 §2.2: streaming is asked for after logging in, as capabilities may change with it. */
    private void loggedIn() {
        if (peer.streaming()) {
            state = State.MODE_STREAM;
            send("MODE STREAM\r\n");
        } else {
            startIhave();
        }
    }

    private void startIhave() {
        state = State.IHAVE;
        failures = 0;
        downSince = 0;
        refused = false;
        counters.up();
        log.info("feed {}: connected to {}:{}, IHAVE", peer.name(), peer.host(), peer.port());
        pump();
    }

    private void answer(int code, String line) {
        Pending p = inflight.poll();
        if (p == null) {
            log.warn("feed {}: answer \"{}\" to nothing; closing", peer.name(), line);
            session.closeNow();
            return;
        }
        if (code == 480 || code == 483) {
            // the whole session lacks a login or TLS: a link problem, not this article's; keep the queue
            failed("\"" + line + "\" to " + p.row().messageId() + (peer.login() == null
                    ? " (the peer wants a login: set login-user and login-password)" : ""));
            return;
        }
        String about = answeredId(line);
        if (about != null && p.kind() != Kind.IHAVE && p.kind() != Kind.IHAVE_BODY && !about.equals(p.row().messageId())) {
            // RFC 4644 §2.4-2.5: each answer names its article; another ID means we no longer agree what is answered
            failed("answered \"" + line + "\" while " + p.row().messageId() + " was the next offer");
            return;
        }
        if (code == 500 && p.kind() == Kind.IHAVE && !ihaveUnknown) {
            // "command not recognized": a streaming-only peer; offer the same article again with CHECK/TAKETHIS
            ihaveUnknown = true;
            log.info("feed {}: the peer does not know IHAVE (\"{}\"); trying MODE STREAM", peer.name(), line);
            retry.addFirst(p.row());
            pumpRetries = true;
            state = State.MODE_STREAM;
            send("MODE STREAM\r\n");
            return;
        }
        if (code >= 500) {
            // the peer will never take this article: drop it for this peer, keep the rest going
            counters.rejected.incrementAndGet();
            log.warn("feed {}: {} answered \"{}\"; dropping it for this peer", peer.name(), p.row().messageId(), line);
            finish(p.row());
        } else {
            switch (p.kind()) {
                case CHECK -> onCheck(code, p.row(), line);
                case TAKETHIS -> onTakethis(code, p.row(), line);
                case TAKETHIS_UNCHECKED -> {
                    wanted(code == 239);
                    onTakethis(code, p.row(), line);
                }
                case IHAVE -> onIhave(code, p.row(), line);
                case IHAVE_BODY -> onIhaveBody(code, p.row(), line);
            }
        }
        pump();
    }

    private void onCheck(int code, Storage.Queued row, String line) {
        switch (code) {
            case 238 -> {
                wanted(true);
                takethis(row, Kind.TAKETHIS);
            }
            case 438 -> {
                wanted(false);
                counters.refused.incrementAndGet();
                finish(row);
            }
            case 431 -> defer(row);
            default -> unexpected(line);
        }
    }

    private void onTakethis(int code, Storage.Queued row, String line) {
        switch (code) {
            case 239 -> {
                counters.accepted.incrementAndGet();
                finish(row);
            }
            case 439 -> {
                counters.rejected.incrementAndGet();
                finish(row);
            }
            default -> unexpected(line);
        }
    }

    private void onIhave(int code, Storage.Queued row, String line) {
        switch (code) {
            case 335 -> {
                StoredArticle a = storage.article(row);
                if (a == null) {
                    // gone meanwhile; the peer waits for an article: end the connection, keep nothing queued
                    finish(row);
                    session.closeNow();
                    return;
                }
                inflight.add(new Pending(Kind.IHAVE_BODY, row));
                sendArticle("", a);
            }
            case 435 -> {
                counters.refused.incrementAndGet();
                finish(row);
            }
            case 436 -> defer(row);
            default -> unexpected(line);
        }
    }

    private void onIhaveBody(int code, Storage.Queued row, String line) {
        switch (code) {
            case 235 -> {
                counters.accepted.incrementAndGet();
                finish(row);
            }
            case 437 -> {
                counters.rejected.incrementAndGet();
                finish(row);
            }
            case 436 -> defer(row);
            default -> unexpected(line);
        }
    }

    private void unexpected(String line) {
        counters.failed("unexpected answer \"" + line + "\"");
        log.warn("feed {}: unexpected answer \"{}\"; reconnecting", peer.name(), line);
        session.closeNow();
    }

    private void defer(Storage.Queued row) {
        counters.deferred.incrementAndGet();
        retry.add(row);
        if (!retryScheduled) {
            retryScheduled = true;
            timers.schedule(this::retryDue, RETRY_DEFERRED_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void retryDue() {
        retryScheduled = false;
        if (state == State.STREAMING || state == State.IHAVE) {
            pumpRetries = true;
            pump();
        }
    }

    private boolean pumpRetries;
    /** The peer answered IHAVE with 500 on this link: it gets MODE STREAM once instead. */
    private boolean ihaveUnknown;

    private void finish(Storage.Queued row) {
        done.add(row.seq());
        if (done.size() >= DEQUEUE_BATCH) {
            flushDone();
        }
    }

    private void flushDone() {
        if (!done.isEmpty()) {
            storage.dequeue(peer.name(), List.copyOf(done));
            done.clear();
        }
    }

    /** Offers more while the window has room: retries that are due first, then new rows. */
    private void pump() {
        int window = state == State.IHAVE ? 1 : peer.window();
        if (inflight.size() > window / 2) {
            return; // refill in halves: one queue read per half window, not one per answer
        }
        while (inflight.size() < window) {
            Storage.Queued row = null;
            if (pumpRetries && !retry.isEmpty()) {
                row = retry.poll();
            } else {
                pumpRetries = false;
                List<Storage.Queued> next = storage.queued(peer.name(), cursor, window - inflight.size(), index, links);
                if (!next.isEmpty()) {
                    cursor = next.get(next.size() - 1).seq();
                    for (Storage.Queued q : next) {
                        offer(q);
                    }
                    continue;
                }
            }
            if (row == null) {
                break;
            }
            offer(row);
        }
        if (inflight.isEmpty()) {
            flushDone();
        }
    }

    /**
     * innfeed's no-CHECK mode: while nearly every offer is wanted (a peer catching up, or one
     * fed by us alone), articles go straight out with TAKETHIS, saving a round trip each; when
     * more than one in ten is refused (it gets them from others too), CHECK comes back. The
     * share wanted is a moving average over about the last 32 answers.
     */
    private double wantedShare = 0.5;
    private boolean noCheck;
    static final double NO_CHECK_ON = 0.95;
    static final double NO_CHECK_OFF = 0.90;

    private void wanted(boolean yes) {
        wantedShare += ((yes ? 1 : 0) - wantedShare) / 32;
        if (!noCheck && wantedShare > NO_CHECK_ON) {
            noCheck = true;
            counters.noCheck = true;
            log.info("feed {}: nearly every offer is wanted; sending with TAKETHIS alone (no-CHECK mode)", peer.name());
        } else if (noCheck && wantedShare < NO_CHECK_OFF) {
            noCheck = false;
            counters.noCheck = false;
            log.info("feed {}: the peer refuses more offers; back to CHECK before TAKETHIS", peer.name());
        }
    }

    private void offer(Storage.Queued q) {
        counters.offered.incrementAndGet();
        sessionOffered++;
        if (state == State.IHAVE) {
            inflight.add(new Pending(Kind.IHAVE, q));
            send("IHAVE " + q.messageId() + "\r\n");
        } else if (noCheck) {
            takethis(q, Kind.TAKETHIS_UNCHECKED);
        } else {
            inflight.add(new Pending(Kind.CHECK, q));
            send("CHECK " + q.messageId() + "\r\n");
        }
    }

    /** Sends the queued article with TAKETHIS (RFC 4644 §2.5); one that expired meanwhile just leaves the queue. */
    private void takethis(Storage.Queued row, Kind kind) {
        StoredArticle a = storage.article(row);
        if (a == null) {
            finish(row);
            return;
        }
        inflight.add(new Pending(kind, row));
        sendArticle("TAKETHIS " + row.messageId() + "\r\n", a);
    }

    private void send(String line) {
        write(IoBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Command line (may be empty), the stored wire bytes and the terminator, in one write. */
    private void sendArticle(String command, StoredArticle a) {
        byte[] cmd = command.getBytes(StandardCharsets.ISO_8859_1);
        byte[] wire = a.wire();
        IoBuffer b = IoBuffer.allocate(cmd.length + wire.length + 3);
        b.put(cmd).put(wire).put((byte) '.').put((byte) '\r').put((byte) '\n').flip();
        write(b);
    }

    /** The connection ended: everything unanswered stays queued; reconnect after a backoff. */
    synchronized void closed() {
        var gone = counters.live.remove(index);
        if (gone != null) {
            counters.octetsSentClosed.addAndGet(gone.getWrittenBytes());
        }
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CAPABILITIES && !counters.noCapabilities) {
            counters.noCapabilities = true;
            log.info("feed {}: the peer dropped the connection on CAPABILITIES; its links will not ask again", peer.name());
        }
        long since = counters.connectedSince;
        log.info("feed {}: session closed after {} s: offered {} this session; totals {}", peer.name(),
                since == 0 ? 0 : (System.currentTimeMillis() - since) / 1000, sessionOffered, counters);
        counters.connectedSince = 0;
        counters.layers = null;

        inflight.clear();
        retry.clear();
        capabilities.clear(); // nothing a peer said outlives its connection
        if (deadline != null) {
            deadline.cancel(false);
        }
        flushDone();
        session = null;
        backoff();
    }

    private void failed(String why) {
        if (session != null && session.isClosing()) {
            return; // already failing: the first reason is the one reported
        }
        counters.failed(why);
        log.warn("feed {}: {}", peer.name(), why);
        if (session != null) {
            session.closeNow(); // closed() follows and backs off
        } else {
            backoff();
        }
    }

    /** A refused connect retries at least this often for the first {@link #RESTART_WINDOW_MS} of an outage. */
    static final long REFUSED_RETRY_MS = 1_000;
    /** How long a peer that refuses connections is taken for one that is restarting. */
    static final long RESTART_WINDOW_MS = 30_000;
    /** When the link last stopped working (System.nanoTime), 0 while it works. */
    private long downSince;
    /** The last failure was a refused connect: the host answered, its NNTP server was not there. */
    private boolean refused;

    private void backoff() {
        state = State.BACKOFF;
        failures++;
        long now = System.nanoTime();
        if (downSince == 0) {
            downSince = now;
        }
        long delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS << Math.min(failures - 1, 16));
        if (refused && now - downSince < RESTART_WINDOW_MS * 1_000_000L) {
            // the host said "nothing listens here": a node restarting; asking again costs it nothing
            delay = Math.min(delay, REFUSED_RETRY_MS);
        }
        delay += ThreadLocalRandom.current().nextLong(delay / 4 + 1); // jitter: peers do not reconnect in step
        timers.schedule(this::backoffOver, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * INN's `ctlinnd flush` / innfeed's kick: connect now, forgetting the backoff, and send what
     * is queued (a peer that is up for only a moment is not missed behind a 60 s backoff).
     */
    synchronized void flush() {
        failures = 0;
        if (state == State.BACKOFF) {
            state = State.DISCONNECTED; // the pending backoffOver finds nothing to do
        }
        switch (state) {
            case DISCONNECTED -> start();
            case STREAMING, IHAVE -> wake();
            default -> {
                // connecting or logging in now: the queue is read once the link is up
            }
        }
    }

    /**
     * The peer just connected to us, so it is up: a link waiting out its backoff tries now.
     * The backoff is kept (a peer that still refuses our link gets the next, longer one), so
     * connections from its address cannot make the link hammer it.
     */
    synchronized void peerIsUp() {
        if (state == State.BACKOFF) {
            state = State.DISCONNECTED; // the pending backoffOver finds nothing to do
            start();
        }
    }

    private synchronized void backoffOver() {
        if (state == State.BACKOFF) {
            state = State.DISCONNECTED;
            start();
        }
    }

    synchronized void close() {
        state = State.CLOSED;
        if (deadline != null) {
            deadline.cancel(false); // closed() returns early once CLOSED: the timer would keep the link for ever
        }
        flushDone();
        if (session != null) {
            session.closeNow();
        }
    }

    /** The Message-ID a streaming answer names ("239 <id>"), or null when it names none. */
    private static String answeredId(String line) {
        int sp = line.indexOf(' ');
        if (sp < 0 || sp + 1 >= line.length() || line.charAt(sp + 1) != '<') {
            return null;
        }
        int end = line.indexOf(' ', sp + 1);
        return line.substring(sp + 1, end < 0 ? line.length() : end);
    }

    private static int code(String line) {
        if (line.length() < 3) {
            return 0;
        }
        try {
            return Integer.parseInt(line.substring(0, 3));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
