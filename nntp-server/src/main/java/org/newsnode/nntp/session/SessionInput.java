package org.newsnode.nntp.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.newsnode.nntp.codec.ArticleBlock;

/**
 * A session's input queue and its back-pressure: what the client sent is handled one message
 * at a time in order; a command that waits for a commit holds the rest back until its reply is
 * written; reading stops while too much input, too many promised replies or too much unsent
 * output are pending, and resumes at half. One drain runs at a time, on the thread that
 * received or on the continuation executor.
 */
final class SessionInput {
    /**
     * Commands in flight per session: reading from the client stops while more than this many
     * pipelined commands wait, or {@link #MAX_QUEUED_BYTES} of their data, or this many replies
     * are promised but not sent (TAKETHIS waiting for commits); it resumes at half.
     */
    private static final int MAX_QUEUED = 1000;
    private static final long MAX_QUEUED_BYTES = 16L << 20;
    private static final int MAX_UNANSWERED = 1000;

    private final Transport transport;
    private final ReplyOrder replies;
    private final Executor continuations;
    /** Handles one message (a command line, an article block, an input timeout). */
    private final Consumer<Object> handler;
    /** Runs when the queue runs dry: articles queued by this pass go into one commit. */
    private final Runnable endOfPass;
    /** Unsent output past which no further command runs and reading stops. */
    private final long maxPendingOutput;

    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private boolean running;
    private boolean waiting;
    private boolean readSuspended;
    /** Commands wait because {@link #maxPendingOutput} octets are unsent. */
    private volatile boolean outputBlocked;
    /** Octets of the article blocks waiting in the inbox. */
    private long inboxBytes;
    /** Replies promised and not sent yet. */
    private int unanswered;
    /** The client shut down its sending side (a script's half-close): nothing more will come. */
    private boolean inputEnded;
    private volatile boolean closed;

    SessionInput(Transport transport, ReplyOrder replies, Executor continuations, Consumer<Object> handler,
                 Runnable endOfPass, long maxPendingOutput) {
        this.transport = transport;
        this.replies = replies;
        this.continuations = continuations;
        this.handler = handler;
        this.endOfPass = endOfPass;
        this.maxPendingOutput = maxPendingOutput;
    }

    /** The messages decoded from one read, in order; handled here unless a drain is running or a command waits. */
    void receive(List<?> messages) {
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

    /**
     * No further input is handled until {@code then} ran with the future's result; it runs on
     * the thread that completes the future, and input that arrived meanwhile is handled on the
     * continuation executor.
     */
    <T> void await(CompletableFuture<T> future, Consumer<CompletableFuture<T>> then) {
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
                continuations.execute(this::drain);
            }
        });
    }

    /** A reply was promised (input keeps being handled meanwhile); too many unsent stop reading. */
    synchronized void promised() {
        unanswered++;
        suspendIfFull();
    }

    /** A promised reply went out. */
    synchronized void answered() {
        unanswered--;
        if (!running) {
            resumeIfRoom();
        }
    }

    /** Drops what the client pipelined (before a new layer starts); returns how many messages. */
    synchronized int dropPending() {
        int n = inbox.size();
        inbox.clear();
        inboxBytes = 0;
        return n;
    }

    /** The client will send nothing more: what it sent is still answered, then the connection closes. */
    synchronized void inputEnded() {
        inputEnded = true;
        if (running || waiting || !inbox.isEmpty()) {
            return; // the drain closes when it runs out
        }
        closeIfInputEnded();
    }

    /** Nothing more is answered (after QUIT, or the session is closing). */
    void markClosed() {
        closed = true;
    }

    /** Closing at once: what the client queued is not run. */
    synchronized void discard() {
        closed = true;
        inbox.clear();
        inboxBytes = 0;
    }

    boolean isClosed() {
        return closed;
    }

    /** True when commands wait for output to be read; volatile, for the write path's fast check. */
    boolean outputBlocked() {
        return outputBlocked;
    }

    /**
     * Output was written: when it is down to half the limit, commands held back may run again.
     * Returns false while more than half is still unsent.
     */
    boolean outputSent() {
        boolean restart;
        synchronized (this) {
            if (transport.pendingOutput() > maxPendingOutput / 2) {
                return false;
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
        if (restart) {
            continuations.execute(this::drain);
        }
        return true;
    }

    /** Idle with the client's input ended: close once every promised reply is out. Under this. */
    private void closeIfInputEnded() {
        if (inputEnded && !closed) {
            closed = true;
            replies.allSent().whenComplete((x, e) -> transport.close());
        }
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
                endOfPass.run();
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
            if (transport.pendingOutput() > maxPendingOutput) {
                synchronized (this) {
                    // the client is not reading: keep the rest of its commands until it does
                    inbox.addFirst(m);
                    outputBlocked = true;
                    running = false;
                    suspendIfFull();
                }
                if (transport.pendingOutput() > maxPendingOutput / 2) {
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
            if (m instanceof ArticleBlock b) {
                synchronized (this) {
                    inboxBytes -= b.data().length;
                }
            }
            handler.accept(m);
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
}
