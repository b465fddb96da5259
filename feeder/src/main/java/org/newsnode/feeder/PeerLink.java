package org.newsnode.feeder;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.newsnode.storage.config.PeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing connection to a peer: it connects (bound to the configured source address),
 * negotiates (a {@link Negotiation}: capabilities, TLS, login, compression, MODE STREAM), backs off with a cap when
 * the peer is away, and corks what it writes; the offering itself is its {@link OfferWindow},
 * over rows of the peer's {@link PeerFeed}, which all the peer's links share. A lost
 * connection gives its unanswered rows back to the feed. All state changes happen under the
 * link's lock; MINA delivers one response at a time.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");
    static final int MAX_CAPABILITIES = Negotiation.MAX_CAPABILITIES;

    private enum State { DISCONNECTED, BACKOFF, CONNECTING, NEGOTIATING, STREAMING, IHAVE, CLOSED }

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
    /** The current connection's negotiation (null when not connected). */
    private Negotiation negotiation;
    private final SourceAddress sources;
    private final Negotiation.Said said = new Negotiation.Said();
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
             ScheduledExecutorService timers, java.util.concurrent.Executor resolver, SourceAddress sources,
             javax.net.ssl.SSLContext tls) {
        this.resolver = resolver;
        this.sources = sources;
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
        InetSocketAddress local = sources.forLink(peer.sourceAddress(), remote);
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
            case NEGOTIATING -> negotiation.owed();
            case STREAMING, IHAVE -> window.inFlight() > 0;
            default -> false;
        };
        String what = state == State.NEGOTIATING ? negotiation.step().name() : state.name();
        long seconds = peer.responseTimeoutSeconds();
        if (owed && session != null && System.nanoTime() - lastProgress > seconds * 1_000_000_000L) {
            failed("no answer within " + seconds + " s (" + what.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "); response-timeout-seconds");
        }
    }

    private synchronized void attach(IoSession s) {
        s.setAttribute(PeerLink.class, this);
        session = s;
        writer.bind(s);
        backoff.connected(); // something listens: a later failure backs off as usual
        state = State.NEGOTIATING;
        sessionOffered = window.offered();
        negotiation = new Negotiation(peer, counters, said, new Dialled(s));
        counters.connected(index, s);
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


    /** One response line from the peer. */
    private void response(String line) {
        int code = code(line);
        switch (state) {
            case NEGOTIATING -> negotiation.response(code, line);
            case STREAMING, IHAVE -> answer(code, line);
            default -> log.debug("feed {}: unexpected \"{}\" while {}", peer.name(), org.newsnode.storage.text.Printable.of(line),
                    state);
        }
    }

    /** The TLS handshake finished (STARTTLS or implicit). */
    synchronized void secured(javax.net.ssl.SSLSession t) {
        if (negotiation != null) {
            negotiation.secured(t);
        }
    }

    private static final String DEFLATE = "deflate";

    /** What the negotiation of this link's current connection does to it. */
    private final class Dialled implements Negotiation.Link {
        private final IoSession s;

        Dialled(IoSession s) {
            this.s = s;
        }

        @Override
        public void send(String line) {
            writer.send(line);
        }

        @Override
        public void startTls() {
            s.getFilterChain().addFirst(TLS, tlsFilter());
        }

        @Override
        public void startCompression() {
            var deflate = new org.newsnode.nntp.net.DeflateFilter();
            if (s.getFilterChain().contains(TLS)) {
                s.getFilterChain().addAfter(TLS, DEFLATE, deflate);
            } else {
                s.getFilterChain().addFirst(DEFLATE, deflate);
            }
        }

        @Override
        public void failed(String why) {
            PeerLink.this.failed(why);
        }

        @Override
        public void up(OfferWindow.Mode mode, String how) {
            PeerLink.this.up(mode, how);
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
                state = State.NEGOTIATING;
                negotiation.askStream();
            }
            case FAIL -> failed(o.why() + ((code == 480 || code == 483) && peer.login() == null
                    ? " (the peer wants a login: set login-user and login-password)" : ""));
        }
    }


    /** The connection ended: what the peer did not answer goes back to the feed; reconnect after a backoff. */
    synchronized void closed() {
        counters.disconnected(index);
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.NEGOTIATING && negotiation.step() == Negotiation.Step.CAPABILITIES && !counters.noCapabilities
                && ++counters.capabilityDrops >= 2) {
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
        negotiation = null; // nothing a peer said outlives its connection
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
