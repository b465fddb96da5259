package org.newsnode.feeder;

/**
 * When a link tries its peer again after a failure: capped exponential backoff (0.5 s
 * doubling to 60 s) with a quarter of jitter, so peers do not reconnect in step; a connect
 * that is refused (the host answers, nothing listens: a node restarting) is retried every
 * quarter second for the first 30 s of the outage and then at least every 10 s (12.5 s with
 * the jitter), so a node back from a long stop is fed within seconds of listening, not after
 * a minute's wait. It grows back from the start only once the link worked again, so a peer
 * that refuses the login is not asked every half second.
 * No clock or timer of its own: the link passes the time in and schedules the delay.
 */
final class Backoff {
    static final long MIN_MS = 500;
    static final long MAX_MS = 60_000;
    /** A refused connect retries at least this often for the first {@link #RESTART_WINDOW_MS} of an outage. */
    static final long REFUSED_RETRY_MS = 250;
    /** How long a peer that refuses connections is taken for one that is restarting. */
    static final long RESTART_WINDOW_MS = 30_000;
    /** A refused connect after that window: still cheap for the host, so never more than this apart (before the jitter). */
    static final long REFUSED_MAX_MS = 10_000;

    private int failures;
    /** When the link last stopped working (System.nanoTime), 0 while it works. */
    private long downSince;
    /** The last failure was a refused connect. */
    private boolean refused;

    /** The link works: the next failure backs off from the start, and the outage is over. */
    void up() {
        failures = 0;
        downSince = 0;
        refused = false;
    }

    /** Something listens (a connection was made): a later failure is not a restarting peer's. */
    void connected() {
        refused = false;
    }

    /** INN's flush / innfeed's kick: the growth is forgotten (the outage is not). */
    void forget() {
        failures = 0;
    }

    /** Records a connect attempt's outcome; true when it was refused again (the quick retries: say it once). */
    boolean connectFailed(boolean wasRefused) {
        boolean again = refused && wasRefused;
        refused = wasRefused;
        return again;
    }

    /**
     * A failure at {@code nowNanos}: how many milliseconds until the next try, {@code jitter}
     * in [0, 1) spreading it by up to a quarter.
     */
    long next(long nowNanos, double jitter) {
        failures++;
        if (downSince == 0) {
            downSince = nowNanos;
        }
        long delay = Math.min(MAX_MS, MIN_MS << Math.min(failures - 1, 16));
        if (refused) {
            // the host said "nothing listens here": a node restarting, or stopped for longer; asking costs it nothing
            delay = Math.min(delay, nowNanos - downSince < RESTART_WINDOW_MS * 1_000_000L ? REFUSED_RETRY_MS : REFUSED_MAX_MS);
        }
        return delay + (long) (jitter * (delay / 4 + 1));
    }
}
