package org.newsnode.feeder;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing connection to a peer: it connects (bound to the configured source address),
 * negotiates (capabilities, TLS, login, compression, MODE STREAM), backs off with a cap when
 * the peer is away, and corks what it writes; the offering itself is its {@link OfferWindow},
 * over rows of the peer's {@link PeerFeed}, which all the peer's links share. A lost
 * connection gives its unanswered rows back to the feed. All state changes happen under the
 * link's lock; MINA delivers one response at a time.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");
    /** Capability lines kept from one answer; a longer list is a broken or hostile peer (RFC 3977 §5.2). */
    static final int MAX_CAPABILITIES = 256;

    private enum State { DISCONNECTED, BACKOFF, CONNECTING, GREETING, CAPABILITIES, STARTTLS, HANDSHAKE, LOGIN_USER,
        LOGIN_PASS, COMPRESS, MODE_STREAM, STREAMING, IHAVE, CLOSED }

    private final PeerConfig peer;
    private final PeerFeed feed;
    private final OfferWindow window;
    private final OfferWriter writer;
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
    /** Which of the peer's connections this is (for its counters). */
    private final int index;

    private State state = State.DISCONNECTED;
    private IoSession session;
    private final Backoff backoff = new Backoff();
    private long sessionOffered;
    /** When the peer last answered or we last asked it something (System.nanoTime), for the response deadline. */
    private volatile long lastProgress;
    private java.util.concurrent.ScheduledFuture<?> deadline;

    PeerLink(PeerConfig peer, int index, FeedCounters counters, PeerFeed feed, NioSocketConnector connector,
             ScheduledExecutorService timers, java.util.concurrent.Executor resolver, javax.net.ssl.SSLContext tls) {
        this.resolver = resolver;
        this.peer = peer;
        this.tls = tls;
        this.index = index;
        this.counters = counters;
        this.feed = feed;
        this.writer = new OfferWriter(this::beforeWrite);
        this.window = new OfferWindow(peer.name(), peer.window(), feed, writer, counters);
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
                writer.cork(); // a window of CHECKs in one write
                try {
                    window.pump();
                } finally {
                    writer.uncork();
                }
            }
            default -> {
                // connecting, or waiting out a backoff: the queue is read once the link is up
            }
        }
    }

    /** Starts the link if the feed holds rows to offer; otherwise the feed reads the queue and wakes the link. */
    synchronized void start() {
        if (state == State.DISCONNECTED) {
            if (feed.hasWork()) {
                connect();
            } else {
                feed.queued();
            }
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
            case STREAMING, IHAVE -> window.inFlight() > 0;
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
        writer.bind(s);
        backoff.connected(); // something listens: a later failure backs off as usual
        state = State.GREETING;
        sessionOffered = window.offered();
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
            boolean refused = f.getException() instanceof java.net.ConnectException ce && ce.getMessage() != null
                    && ce.getMessage().contains("refused");
            boolean again = backoff.connectFailed(refused);
            String why = "cannot connect to " + peer.host() + ":" + peer.port() + ": "
                    + (f.getException() == null ? "refused" : f.getException().getMessage());
            if (again) {
                // the quick retries of a restarting peer: said once, not four times a second
                counters.failed(why);
                log.debug("feed {}: {}", peer.name(), why);
                backoff();
            } else {
                failed(why);
            }
        }
    }

    /** The response lines of one read; what they make the link send leaves in one write. */
    synchronized void responses(List<String> lines) {
        lastProgress = System.nanoTime();
        writer.cork();
        try {
            for (String line : lines) {
                if (session == null) {
                    break;
                }
                response(line);
            }
        } finally {
            writer.uncork();
        }
    }

    /** A new question after a quiet spell (CHECK, TAKETHIS, IHAVE, a negotiation step) is owed an answer from now. */
    private void beforeWrite() {
        if (window.inFlight() <= 1 || state != State.STREAMING) {
            lastProgress = System.nanoTime();
        }
    }

    private void send(String line) {
        writer.send(line);
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
                if (counters.noCapabilities && peer.tls() != PeerConfig.Tls.STARTTLS) {
                    // (with tls = "starttls" it must be asked: STARTTLS is only ever learnt from it)
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
                    log.info("feed {}: COMPRESS answered \"{}\"; going on uncompressed", peer.name(),
                            org.newsnode.storage.text.Printable.of(line));
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
                    up(OfferWindow.Mode.STREAM, "streaming");
                } else {
                    startIhave(); // RFC 4644 §2.3: no streaming, fall back to IHAVE
                }
            }
            case STREAMING, IHAVE -> answer(code, line);
            default -> log.debug("feed {}: unexpected \"{}\" while {}", peer.name(), org.newsnode.storage.text.Printable.of(line),
                    state);
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
            if (code >= 500) {
                counters.noCapabilities = true; // an old server without CAPABILITIES (RFC 3977 §5.2): nothing offered
            }
            capabilitiesKnown(); // any other answer (480, 4xx): nothing offered on this connection, nothing remembered
            return;
        }
        if (line.equals(".")) {
            counters.capabilityDrops = 0;
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
        up(OfferWindow.Mode.IHAVE, "IHAVE");
    }

    /** Negotiation is over: the window offers the feed's rows in {@code mode}. */
    private void up(OfferWindow.Mode mode, String how) {
        state = mode == OfferWindow.Mode.IHAVE ? State.IHAVE : State.STREAMING;
        backoff.up(); // the next loss backs off from the start again
        counters.up();
        log.info("feed {}: connected to {}:{}, {}", peer.name(), peer.host(), peer.port(), how);
        sessionOffered = window.offered();
        window.open(mode);
    }

    /** An answer to an offer: the window decides what follows. */
    private void answer(int code, String line) {
        OfferWindow.Outcome o = window.answer(code, line);
        switch (o.next()) {
            case CONTINUE -> {
                // the window refilled itself
            }
            case ASK_STREAM -> {
                state = State.MODE_STREAM;
                send("MODE STREAM\r\n");
            }
            case FAIL -> failed(o.why() + ((code == 480 || code == 483) && peer.login() == null
                    ? " (the peer wants a login: set login-user and login-password)" : ""));
        }
    }


    /** The connection ended: what the peer did not answer goes back to the feed; reconnect after a backoff. */
    synchronized void closed() {
        var gone = counters.live.remove(index);
        if (gone != null) {
            counters.octetsSentClosed.addAndGet(gone.getWrittenBytes());
        }
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CAPABILITIES && !counters.noCapabilities && ++counters.capabilityDrops >= 2) {
            // twice running: not a restart that happened to come then
            counters.noCapabilities = true;
            log.info("feed {}: the peer dropped the connection on CAPABILITIES twice; its links will not ask again "
                    + "(until a reload changes its entry or `newsnode feeds flush`)", peer.name());
        }
        long since = counters.connectedSince;
        log.info("feed {}: session closed after {} s: offered {} this session; totals {}", peer.name(),
                since == 0 ? 0 : (System.currentTimeMillis() - since) / 1000, window.offered() - sessionOffered, counters);
        counters.connectedSince = 0;
        counters.layers = null;

        window.lost();
        capabilities.clear(); // nothing a peer said outlives its connection
        if (deadline != null) {
            deadline.cancel(false);
        }
        session = null;
        writer.bind(null);
        backoff();
    }

    private void failed(String reason) {
        if (session != null && session.isClosing()) {
            return; // already failing: the first reason is the one reported
        }
        String why = org.newsnode.storage.text.Printable.of(reason); // it quotes the peer: no control character reaches a log
        counters.failed(why);
        log.warn("feed {}: {}", peer.name(), why);
        if (session != null) {
            session.closeNow(); // closed() follows and backs off
        } else {
            backoff();
        }
    }

    private void backoff() {
        state = State.BACKOFF;
        long delay = backoff.next(System.nanoTime(), ThreadLocalRandom.current().nextDouble());
        timers.schedule(this::backoffOver, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * INN's `ctlinnd flush` / innfeed's kick: connect now, forgetting the backoff, and send what
     * is queued (a peer that is up for only a moment is not missed behind a 60 s backoff).
     */
    synchronized void flush() {
        backoff.forget();
        counters.askCapabilitiesAgain(); // the peer may have been upgraded: ask what it offers
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
        if (session != null) {
            session.closeNow();
        }
    }

    static int code(String line) {
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
