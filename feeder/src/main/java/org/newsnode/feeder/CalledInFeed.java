package org.newsnode.feeder;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.session.IoSession;
import org.newsnode.nntp.net.Handover;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers a peer its queue over a connection the peer opened and the server handed over
 * ({@link Handover}): the same feed, offer window and writes as a link this node dials, but
 * nothing to dial, negotiate or back off — the peer logged in and asked before the hand-over,
 * and when it hangs up what it did not answer goes back to the feed until it calls again.
 */
final class CalledInFeed implements Handover.Owner {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");

    private final PeerConfig peer;
    private final int index;
    private final FeedCounters counters;
    private final IoSession session;
    private final OfferWriter writer;
    private final OfferWindow window;
    private final OfferWindow.Mode mode;
    private final java.util.function.Consumer<CalledInFeed> gone;
    private final long openedMillis = System.currentTimeMillis();
    /** When the peer last answered or was last asked something (System.nanoTime), for the response deadline. */
    private volatile long lastProgress = System.nanoTime();
    private final ScheduledFuture<?> deadline;
    private boolean closed;

    CalledInFeed(PeerConfig peer, int index, FeedCounters counters, PeerFeed feed, IoSession session, boolean streaming,
                 ScheduledExecutorService timers, java.util.function.Consumer<CalledInFeed> gone) {
        this.peer = peer;
        this.index = index;
        this.counters = counters;
        this.session = session;
        this.gone = gone;
        this.mode = streaming ? OfferWindow.Mode.STREAM : OfferWindow.Mode.IHAVE;
        this.writer = new OfferWriter(this::beforeWrite);
        this.window = new OfferWindow(peer.name(), peer.window(), feed, writer, counters);
        long every = Math.max(250, peer.responseTimeoutSeconds() * 1000L / 4);
        this.deadline = timers.scheduleWithFixedDelay(this::checkDeadline, every, every, TimeUnit.MILLISECONDS);
    }

    /** The first window goes out at once: the server's last reply said what follows. */
    @Override
    public synchronized void start() {
        writer.bind(session);
        counters.connected(index, session);
        counters.up();
        log.info("feed {}: offering over the connection it opened from {}, {}", peer.name(), session.getRemoteAddress(),
                mode == OfferWindow.Mode.STREAM ? "streaming" : "IHAVE");
        wake();
    }

    /** New rows for the peer: fill the window, in one write. */
    synchronized void wake() {
        if (closed) {
            return;
        }
        writer.cork();
        try {
            window.open(mode);
        } finally {
            writer.uncork();
        }
    }

    @Override
    public synchronized void lines(List<String> lines) {
        lastProgress = System.nanoTime();
        writer.cork();
        try {
            for (String line : lines) {
                if (closed || session.isClosing()) {
                    break;
                }
                OfferWindow.Outcome o = window.answer(PeerLink.code(line), line);
                switch (o.next()) {
                    case CONTINUE -> {
                        // the window refilled itself
                    }
                    // nothing to renegotiate on a connection we did not open: the peer asked for this mode
                    case ASK_STREAM -> fail("the peer does not take IHAVE on the connection it opened");
                    case FAIL -> fail(o.why());
                }
            }
        } finally {
            writer.uncork();
        }
    }

    private void beforeWrite() {
        if (window.inFlight() <= 1 || mode != OfferWindow.Mode.STREAM) {
            lastProgress = System.nanoTime();
        }
    }

    @Override
    public void sent() {
        lastProgress = System.nanoTime();
    }

    private synchronized void checkDeadline() {
        long seconds = peer.responseTimeoutSeconds();
        if (!closed && window.inFlight() > 0 && System.nanoTime() - lastProgress > seconds * 1_000_000_000L) {
            fail("no answer within " + seconds + " s on the connection it opened; response-timeout-seconds");
        }
    }

    private void fail(String reason) {
        if (session.isClosing()) {
            return;
        }
        String why = Printable.of(reason); // it quotes the peer: no control character reaches a log
        counters.failed(why);
        log.warn("feed {}: {}", peer.name(), why);
        session.closeNow(); // closed() follows
    }

    @Override
    public synchronized void closed() {
        if (closed) {
            return;
        }
        closed = true;
        deadline.cancel(false);
        counters.disconnected(index);
        window.lost(); // what the peer did not answer is offered again, here or on another connection
        writer.bind(null);
        log.info("feed {}: called-in session closed after {} s: offered {} this session; totals {}", peer.name(),
                (System.currentTimeMillis() - openedMillis) / 1000, window.offered(), counters);
        gone.accept(this);
    }

    String peerName() {
        return peer.name();
    }

    /** The feed ends (a reload removed the peer, or the node stops). */
    void close() {
        session.closeNow();
    }
}
