package org.newsnode.nntp.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The scan a session runs (OVER, LISTGROUP, HDR, XPAT, NEWNEWS), in steps on the scan pool:
 * each step sends a bounded amount and may name the next ({@link #more}); the next one runs
 * at once, queued behind other sessions' steps, or waits parked while the session's output
 * is over its bound, holding no thread and no database cursor, until the client has read.
 */
final class ScanSteps {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("newsnode.session");

    private final NntpSession session;
    private final Transport transport;
    private final Executor scans;
    private final long maxPending;
    /** Set by the running step (on its thread) to continue the scan. */
    private Runnable next;
    /** A step waiting for the client to read. */
    private volatile Runnable parked;
    /** Completes when the scan has run its last step (or its session closed). */
    private CompletableFuture<Void> done;

    ScanSteps(NntpSession session, Transport transport, Executor scans, long maxPending) {
        this.session = session;
        this.transport = transport;
        this.scans = scans;
        this.maxPending = maxPending;
    }

    /** Runs {@code first} once {@code after} completed; the future completes after the last step. */
    CompletableFuture<Void> start(CompletableFuture<?> after, Runnable first) {
        CompletableFuture<Void> d = new CompletableFuture<>();
        synchronized (this) {
            done = d;
        }
        after.handle((x, e) -> null).thenRunAsync(() -> step(first), scans).exceptionally(e -> {
            cancel(); // rejected (the node is stopping): whoever waits for the scan goes on
            return null;
        });
        return d;
    }

    void more(Runnable step) {
        next = step;
    }

    boolean hasParked() {
        return parked != null;
    }

    /** The session's output fell to half its bound: a parked step goes on. */
    void outputRoom() {
        Runnable p;
        synchronized (this) {
            p = parked;
            parked = null;
        }
        if (p != null) {
            scans.execute(() -> step(p));
        }
    }

    /** The session closed: nothing more runs, and whoever waits for the scan goes on. */
    void cancel() {
        CompletableFuture<Void> d;
        synchronized (this) {
            parked = null;
            d = done;
            done = null;
        }
        if (d != null) {
            d.complete(null);
        }
    }

    private void step(Runnable s) {
        try {
            if (!session.isClosed()) {
                s.run();
            }
        } catch (RuntimeException | Error e) {
            // part of a multi-line answer may be out already: it cannot be ended well, so the session ends
            log.error("session {}: a scan failed; closing", session.remoteAddress(), e);
            next = null;
            session.scanFailed();
        }
        Runnable n = next;
        next = null;
        if (n != null && !session.isClosed()) {
            boolean wait;
            synchronized (this) {
                wait = transport.pendingOutput() > maxPending;
                if (wait) {
                    parked = n;
                }
            }
            if (!wait) {
                try {
                    scans.execute(() -> step(n)); // behind other sessions' steps: a fair share each
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    session.scanFailed(); // the node is stopping
                    cancel();
                }
            } else if (transport.pendingOutput() <= maxPending / 2) {
                outputRoom(); // it all went out between the check and the park: nobody else would wake it
            }
            return;
        }
        cancel(); // the last step, or the session closed
    }
}
