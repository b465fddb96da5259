package org.newsnode.feeder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;

/**
 * One peer's feed, as innfeed keeps it: the queue cursor, the rows read ahead, the rows to
 * retry, and the answered rows waiting to leave the queue, shared by all of the peer's
 * connections (each takes the next rows nobody is offering). Queue pages are read on the
 * feeder's own thread, one query per page, never on an I/O thread; a connection only takes
 * rows from memory.
 */
final class PeerFeed implements OfferWindow.Rows {
    static final long RETRY_DEFERRED_MS = 1_000;
    static final int DEQUEUE_BATCH = 64;

    private final String peer;
    private final Storage storage;
    private final Executor reader;
    private final ScheduledExecutorService timers;
    /** Rows read ahead per page; a refill starts when fewer than half are left. */
    private final int page;
    /** Called (off any lock) when rows became available: the peer's links offer them. */
    private final Runnable available;

    // guarded by this
    private long cursor;
    private final ArrayDeque<PeerQueues.Queued> ready = new ArrayDeque<>();
    private final ArrayDeque<PeerQueues.Queued> retry = new ArrayDeque<>();
    private final List<PeerQueues.Queued> deferred = new ArrayList<>();
    private final List<Long> done = new ArrayList<>();
    private boolean reading;
    /** Something was queued while a page was being read: read again after it. */
    private boolean again;
    private boolean retryScheduled;
    private boolean closed;

    PeerFeed(String peer, int page, Storage storage, Executor reader, ScheduledExecutorService timers, Runnable available) {
        this.peer = peer;
        this.page = Math.max(16, page);
        this.storage = storage;
        this.reader = reader;
        this.timers = timers;
        this.available = available;
    }

    /** New rows were queued for the peer (or a link wants work): read the next page. */
    void queued() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (reading) {
                again = true;
                return;
            }
            reading = true;
        }
        try {
            reader.execute(this::readPage);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                reading = false; // closing: the rows stay queued for the next start
            }
        }
    }

    /** True when rows are waiting in memory (a link that connects will have work). */
    synchronized boolean hasWork() {
        return !ready.isEmpty() || !retry.isEmpty();
    }

    private void readPage() {
        long after;
        synchronized (this) {
            after = cursor;
            again = false;
        }
        List<PeerQueues.Queued> next;
        try {
            next = storage.queues().page(peer, after, page);
        } catch (RuntimeException e) {
            next = List.of(); // the store is closing; the rows stay queued
        }
        boolean readMore;
        synchronized (this) {
            reading = false;
            if (closed) {
                return;
            }
            if (!next.isEmpty()) {
                cursor = next.get(next.size() - 1).seq();
                for (PeerQueues.Queued q : next) {
                    if (storage.history().peerHas(q.messageId(), peer)) {
                        done.add(q.seq()); // it offered us this one itself: it has it, and leaves with the next batch
                    } else {
                        ready.add(q);
                    }
                }
                if (done.size() >= DEQUEUE_BATCH) {
                    flushDone();
                }
            }
            readMore = again || next.size() == page && ready.size() < page / 2;
        }
        if (readMore) {
            queued();
        }
        if (!next.isEmpty()) {
            available.run();
        }
    }

    @Override
    public List<PeerQueues.Queued> take(int max) {
        List<PeerQueues.Queued> out = new ArrayList<>(Math.min(max, 64));
        boolean refill;
        synchronized (this) {
            while (out.size() < max && !retry.isEmpty()) {
                out.add(retry.poll());
            }
            while (out.size() < max && !ready.isEmpty()) {
                out.add(ready.poll());
            }
            // read ahead while the page is half gone; when it came back short the queue is empty till a wake
            refill = ready.size() < page / 2 && !reading && !out.isEmpty();
            if (out.isEmpty()) {
                flushDone(); // nothing more to offer now: what was answered leaves the queue now
            }
        }
        if (refill) {
            queued();
        }
        return out;
    }

    @Override
    public StoredArticle article(PeerQueues.Queued row) {
        return storage.queues().article(row);
    }

    @Override
    public synchronized void finished(PeerQueues.Queued row) {
        done.add(row.seq());
        if (done.size() >= DEQUEUE_BATCH) {
            flushDone();
        }
    }

    @Override
    public void defer(PeerQueues.Queued row) {
        synchronized (this) {
            deferred.add(row);
            if (retryScheduled || closed) {
                return;
            }
            retryScheduled = true;
        }
        try {
            timers.schedule(this::retryDue, RETRY_DEFERRED_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void retryDue() {
        synchronized (this) {
            retryScheduled = false;
            retry.addAll(deferred);
            deferred.clear();
        }
        available.run();
    }

    @Override
    public void giveBack(List<PeerQueues.Queued> rows) {
        if (rows.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (int i = rows.size() - 1; i >= 0; i--) {
                retry.addFirst(rows.get(i)); // oldest first, before anything else
            }
        }
        available.run();
    }

    /** Removes the answered rows from the queue (one writer job for the batch). */
    synchronized void flushDone() {
        if (!done.isEmpty()) {
            storage.queues().dequeue(peer, List.copyOf(done));
            done.clear();
        }
    }

    /** The feed ends (the peer was removed or changed, or the node stops): answered rows leave the queue. */
    synchronized void close() {
        closed = true;
        flushDone();
        ready.clear();
        retry.clear();
        deferred.clear();
    }
}
