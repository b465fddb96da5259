package org.newsnode.feeder;

import org.newsnode.storage.text.Printable;

import java.util.ArrayDeque;
import java.util.List;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offering half of a feed connection, with no socket in it: answers go in, the next
 * commands go out through a {@link Wire}, and every row the peer answered for good goes back
 * to its {@link Rows} as finished (or deferred). Streaming keeps a window of CHECK/TAKETHIS in
 * flight (RFC 4644 §2.3-2.5); IHAVE one article at a time (RFC 3977 §6.3.2). It does not care
 * who opened the connection: a link we dialled or a peer that called in.
 */
public final class OfferWindow {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");

    /** Where the next commands go (the caller frames and writes them). */
    public interface Wire {
        void command(String line);

        /** {@code command} (may be empty), the stored article and its terminating dot line, as one write. */
        void article(String command, StoredArticle article);
    }

    /** Where the rows to offer come from, and where those answered for go. */
    public interface Rows {
        /** Up to {@code max} rows nobody is offering now, oldest (and those to retry) first. */
        List<PeerQueues.Queued> take(int max);

        /** The row's article bytes, or null when it is gone. */
        StoredArticle article(PeerQueues.Queued row);

        /** The peer answered for the row for good (took, had, refused): it leaves the queue. */
        void finished(PeerQueues.Queued row);

        /** The peer said "later" (431/436): offer it again in a while. */
        void defer(PeerQueues.Queued row);

        /** Rows offered but not answered (the connection ended, or another mode is tried): offer them again first. */
        void giveBack(List<PeerQueues.Queued> rows);
    }

    public enum Mode { STREAM, IHAVE }

    /** What the connection does after an answer. */
    public enum Next {
        /** Go on (the window was refilled). */
        CONTINUE,
        /** End the connection and back off, for {@link Outcome#why}. */
        FAIL,
        /** The peer does not know IHAVE: ask MODE STREAM on this connection (its rows were given back). */
        ASK_STREAM
    }

    public record Outcome(Next next, String why) {
        static final Outcome CONTINUE = new Outcome(Next.CONTINUE, null);

        static Outcome fail(String why) {
            return new Outcome(Next.FAIL, why);
        }
    }

    private enum Kind { CHECK, TAKETHIS, TAKETHIS_UNCHECKED, IHAVE, IHAVE_BODY }

    private record Pending(Kind kind, PeerQueues.Queued row) {
    }

    /**
     * innfeed's no-CHECK mode: while nearly every offer is wanted (a peer catching up, or one
     * fed by us alone), articles go straight out with TAKETHIS, saving a round trip each; when
     * more than one in ten is refused (it gets them from others too), CHECK comes back. The
     * share wanted is a moving average over about the last 32 answers.
     */
    static final double NO_CHECK_ON = 0.95;
    static final double NO_CHECK_OFF = 0.90;

    private final String peer;
    private final int size;
    private final Rows rows;
    private final Wire wire;
    private final FeedCounters counters;
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private Mode mode = Mode.STREAM;
    private double wantedShare = 0.5;
    private boolean noCheck;
    /** IHAVE was answered 500 once: the peer gets MODE STREAM once, not a loop of retries. */
    private boolean ihaveUnknown;
    private long offered;

    /** {@code size}: the streaming window (commands in flight); IHAVE always has one. */
    public OfferWindow(String peer, int size, Rows rows, Wire wire, FeedCounters counters) {
        this.peer = peer;
        this.size = Math.max(1, size);
        this.rows = rows;
        this.wire = wire;
        this.counters = counters;
    }

    /** The connection is ready to offer in {@code mode}: fill the window. */
    public void open(Mode mode) {
        this.mode = mode;
        pump();
    }

    public Mode mode() {
        return mode;
    }

    /** Commands sent and not yet answered. */
    public int inFlight() {
        return inflight.size();
    }

    /** Articles offered since this window was made. */
    public long offered() {
        return offered;
    }

    /** The connection ended: whatever the peer did not answer is offered again, here or on another connection. */
    public void lost() {
        if (!inflight.isEmpty()) {
            rows.giveBack(inflight.stream().map(Pending::row).toList());
            inflight.clear();
        }
    }

    /** One answer, of code {@code code}, to the oldest command in flight. */
    public Outcome answer(int code, String line) {
        Pending p = inflight.poll();
        if (p == null) {
            return Outcome.fail("answer \"" + line + "\" to nothing");
        }
        if (code == 480 || code == 483) {
            // the whole session lacks a login or TLS: a link problem, not this article's; keep the queue
            inflight.addFirst(p);
            return Outcome.fail("\"" + line + "\" to " + p.row().messageId());
        }
        String about = answeredId(line);
        if (about != null && p.kind() != Kind.IHAVE && p.kind() != Kind.IHAVE_BODY && !about.equals(p.row().messageId())) {
            // RFC 4644 §2.4-2.5: each answer names its article; another ID means we no longer agree what is answered
            inflight.addFirst(p);
            return Outcome.fail("answered \"" + line + "\" while " + p.row().messageId() + " was the next offer");
        }
        if (code == 500 && p.kind() == Kind.IHAVE && !ihaveUnknown) {
            // "command not recognized": a streaming-only peer; the same article goes again with CHECK/TAKETHIS
            ihaveUnknown = true;
            log.info("feed {}: the peer does not know IHAVE (\"{}\"); trying MODE STREAM", peer, Printable.of(line));
            inflight.addFirst(p);
            lost();
            return new Outcome(Next.ASK_STREAM, null);
        }
        if (code >= 500) {
            // the peer will never take this article: drop it for this peer, keep the rest going
            counters.rejected.incrementAndGet();
            log.warn("feed {}: {} answered \"{}\"; dropping it for this peer", peer, p.row().messageId(), Printable.of(line));
            rows.finished(p.row());
        } else {
            Outcome o = switch (p.kind()) {
                case CHECK -> onCheck(code, p.row(), line);
                case TAKETHIS -> onTakethis(code, p.row(), line);
                case TAKETHIS_UNCHECKED -> {
                    wanted(code == 239);
                    yield onTakethis(code, p.row(), line);
                }
                case IHAVE -> onIhave(code, p.row(), line);
                case IHAVE_BODY -> onIhaveBody(code, p.row(), line);
            };
            if (o != Outcome.CONTINUE) {
                return o;
            }
        }
        pump();
        return Outcome.CONTINUE;
    }

    /** More rows may be there (new ones queued, or retries due): offer while the window has room. */
    public void pump() {
        int window = mode == Mode.IHAVE ? 1 : size;
        if (inflight.size() > window / 2) {
            return; // refill in halves: one take per half window, not one per answer
        }
        for (PeerQueues.Queued q : rows.take(window - inflight.size())) {
            offer(q);
        }
    }

    private Outcome onCheck(int code, PeerQueues.Queued row, String line) {
        switch (code) {
            case 238 -> {
                wanted(true);
                takethis(row, Kind.TAKETHIS);
            }
            case 438 -> {
                wanted(false);
                counters.refused.incrementAndGet();
                rows.finished(row);
            }
            case 431 -> defer(row);
            default -> {
                return unexpected(row, line);
            }
        }
        return Outcome.CONTINUE;
    }

    private Outcome onTakethis(int code, PeerQueues.Queued row, String line) {
        switch (code) {
            case 239 -> {
                counters.accepted.incrementAndGet();
                rows.finished(row);
            }
            case 439 -> {
                counters.rejected.incrementAndGet();
                rows.finished(row);
            }
            default -> {
                return unexpected(row, line);
            }
        }
        return Outcome.CONTINUE;
    }

    private Outcome onIhave(int code, PeerQueues.Queued row, String line) {
        switch (code) {
            case 335 -> {
                StoredArticle a = rows.article(row);
                if (a == null) {
                    // gone meanwhile, and the peer waits for an article: only ending the connection is honest
                    rows.finished(row);
                    return Outcome.fail(row.messageId() + " expired while it was offered with IHAVE");
                }
                inflight.add(new Pending(Kind.IHAVE_BODY, row));
                wire.article("", a);
            }
            case 435 -> {
                counters.refused.incrementAndGet();
                rows.finished(row);
            }
            case 436 -> defer(row);
            default -> {
                return unexpected(row, line);
            }
        }
        return Outcome.CONTINUE;
    }

    private Outcome onIhaveBody(int code, PeerQueues.Queued row, String line) {
        switch (code) {
            case 235 -> {
                counters.accepted.incrementAndGet();
                rows.finished(row);
            }
            case 437 -> {
                counters.rejected.incrementAndGet();
                rows.finished(row);
            }
            case 436 -> defer(row);
            default -> {
                return unexpected(row, line);
            }
        }
        return Outcome.CONTINUE;
    }

    /** An answer that fits no command in flight: the row is offered again, the connection starts over. */
    private Outcome unexpected(PeerQueues.Queued row, String line) {
        inflight.addFirst(new Pending(Kind.CHECK, row));
        return Outcome.fail("unexpected answer \"" + line + "\"");
    }

    private void defer(PeerQueues.Queued row) {
        counters.deferred.incrementAndGet();
        rows.defer(row);
    }

    private void wanted(boolean yes) {
        wantedShare += ((yes ? 1 : 0) - wantedShare) / 32;
        if (!noCheck && wantedShare > NO_CHECK_ON) {
            noCheck = true;
            counters.noCheck = true;
            log.info("feed {}: nearly every offer is wanted; sending with TAKETHIS alone (no-CHECK mode)", peer);
        } else if (noCheck && wantedShare < NO_CHECK_OFF) {
            noCheck = false;
            counters.noCheck = false;
            log.info("feed {}: the peer refuses more offers; back to CHECK before TAKETHIS", peer);
        }
    }

    /** innfeed's no-CHECK mode is on for this connection. */
    public boolean noCheck() {
        return noCheck;
    }

    private void offer(PeerQueues.Queued q) {
        counters.offered.incrementAndGet();
        offered++;
        if (mode == Mode.IHAVE) {
            inflight.add(new Pending(Kind.IHAVE, q));
            wire.command("IHAVE " + q.messageId());
        } else if (noCheck) {
            takethis(q, Kind.TAKETHIS_UNCHECKED);
        } else {
            inflight.add(new Pending(Kind.CHECK, q));
            wire.command("CHECK " + q.messageId());
        }
    }

    /** Sends the queued article with TAKETHIS (RFC 4644 §2.5); one that expired meanwhile just leaves the queue. */
    private void takethis(PeerQueues.Queued row, Kind kind) {
        StoredArticle a = rows.article(row);
        if (a == null) {
            rows.finished(row);
            return;
        }
        inflight.add(new Pending(kind, row));
        wire.article("TAKETHIS " + row.messageId(), a);
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
}
