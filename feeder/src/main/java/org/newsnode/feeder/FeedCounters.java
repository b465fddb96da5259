package org.newsnode.feeder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a link to one peer has done (innfeed's counters): offered (CHECK or IHAVE sent),
 * accepted (239/235), refused (438/435: the peer had it), rejected (439/437 or a 5xx: the
 * peer will not take it), deferred (431/436: try again later).
 */
public final class FeedCounters {
    final AtomicLong offered = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
    volatile long connectedSince;
    volatile String lastError;
    /** When {@link #lastError} happened (epoch ms); both are cleared once a link is up again. */
    volatile long lastErrorMillis;
    /**
     * The peer does not do CAPABILITIES (it answered 5xx, or dropped the connection on it twice
     * running: older INN, Diablo, small receivers): its links no longer ask, and go on as if
     * nothing were offered, until a reload changes its entry or a flush asks again.
     */
    volatile boolean noCapabilities;
    /** Connections the peer dropped right after CAPABILITIES, one after the other (one may be a restart). */
    volatile int capabilityDrops;

    /** A flush or a changed entry: ask CAPABILITIES again. */
    void askCapabilitiesAgain() {
        noCapabilities = false;
        capabilityDrops = 0;
    }
    /** The current connection's layers: "plain", "TLSv1.3", "TLSv1.3+deflate"; null when not connected. */
    volatile String layers;

    public String layers() {
        return layers;
    }

    /** innfeed's no-CHECK mode is on: articles go with TAKETHIS alone (nearly every offer is wanted). */
    volatile boolean noCheck;

    public boolean noCheck() {
        return noCheck;
    }

    /** Octets written to the peer by ended connections, and the connections now open (by link). */
    final AtomicLong octetsSentClosed = new AtomicLong();
    final java.util.Map<Integer, org.apache.mina.core.session.IoSession> live = new java.util.concurrent.ConcurrentHashMap<>();

    /** A connection to the peer is open (dialled link {@code key}, or one it opened). */
    void connected(int key, org.apache.mina.core.session.IoSession s) {
        live.put(key, s);
    }

    /** The connection ended: its octets join the ended ones'. */
    void disconnected(int key) {
        var gone = live.remove(key);
        if (gone != null) {
            octetsSentClosed.addAndGet(gone.getWrittenBytes());
        }
    }

    /** Octets written to the peer's sockets so far (after TLS and compression). */
    public long octetsSent() {
        long n = octetsSentClosed.get();
        for (var s : live.values()) {
            n += s.getWrittenBytes();
        }
        return n;
    }

    public long offered() {
        return offered.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long deferred() {
        return deferred.get();
    }

    /** Epoch ms of the current connection, 0 when not connected. */
    public long connectedSince() {
        return connectedSince;
    }

    public long lastErrorMillis() {
        return lastErrorMillis;
    }

    /** Records a link failure, with its time. */
    void failed(String why) {
        lastErrorMillis = System.currentTimeMillis();
        lastError = why;
    }

    /** A link works again: the last failure is history. */
    void up() {
        lastError = null;
        lastErrorMillis = 0;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public String toString() {
        return "offered=" + offered + " accepted=" + accepted + " refused=" + refused + " rejected=" + rejected
                + " deferred=" + deferred;
    }
}
