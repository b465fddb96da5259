package org.newsnode.nntp.net;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.IoSession;

/**
 * The inbound half of COMPRESS DEFLATE (RFC 8054), inflated under the session's input bounds:
 * a chunk at a time and only while the session reads, at most a plain read's worth per turn
 * on the thread that read it, the rest in later turns from an executor. An I/O thread never
 * waits for the inflater: a read that finds it busy leaves its octets to the turn in progress,
 * and reading pauses while too many wait. A small compressed read so never becomes millions
 * of queued commands, nor seconds of work for the I/O thread other sessions share.
 */
public final class InflateInput {
    /** Inflated octets handed on at a time. */
    static final int CHUNK = 8 * 1024;
    /** Inflated octets per turn: as much as one plain read brings. */
    static final int TURN = 64 * 1024;
    /** Compressed octets waiting for the inflater past which reading pauses. */
    static final int MAX_BACKLOG = 1 << 20;

    /** How the inflater learns the session's wish and holds reading for its own backlog. */
    public interface Gate {
        /** True while the session wants no more input (its commands or its output are over their bounds). */
        boolean paused();

        /** Holds reading (true) while compressed input waits for the inflater, or lets it go. */
        void backlog(boolean full);
    }

    private final Inflater inflater = new Inflater(true);
    private final byte[] out = new byte[CHUNK];
    private final Executor resumeOn;
    private final Gate gate;
    private final ReentrantLock inflating = new ReentrantLock();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Compressed octets read and not yet given to the inflater (under {@link #incomingLock}). */
    private final Object incomingLock = new Object();
    private byte[] incoming = new byte[1024];
    private int incomingLen;
    private boolean backlogFull;
    private volatile boolean wanted;
    private volatile boolean ended;
    private volatile NextFilter next;
    long wireIn;
    long rawIn;

    /** @param resumeOn where later turns run (null: everything at once on the reading thread, as on a feeder link) */
    InflateInput(Executor resumeOn, Gate gate) {
        this.resumeOn = resumeOn;
        this.gate = gate;
    }

    /** Octets read from the socket. */
    void received(byte[] fresh, NextFilter next, IoSession session) {
        synchronized (incomingLock) {
            if (incomingLen + fresh.length > incoming.length) {
                incoming = java.util.Arrays.copyOf(incoming, Math.max(incomingLen + fresh.length, incoming.length * 2));
            }
            System.arraycopy(fresh, 0, incoming, incomingLen, fresh.length);
            incomingLen += fresh.length;
            wireIn += fresh.length;
            if (gate != null && incomingLen > MAX_BACKLOG && !backlogFull) {
                backlogFull = true;
                gate.backlog(true); // under the lock: a turn that empties the backlog lets go after this, never before
            }
        }
        this.next = next;
        wanted = true;
        if (inflating.tryLock()) {
            run(session);
        } // else the turn in progress takes these octets too
    }

    /** Reading resumed: a turn from the executor goes on with what waits. */
    void resume(IoSession session) {
        queueTurn(session);
    }

    private void queueTurn(IoSession session) {
        if (resumeOn != null && queued.compareAndSet(false, true)) {
            resumeOn.execute(() -> {
                queued.set(false);
                wanted = true; // seen by whoever holds the inflater when it lets go
                if (inflating.tryLock()) {
                    run(session);
                }
            });
        }
    }

    private boolean paused(IoSession session) {
        return gate != null ? gate.paused() : session.isReadSuspended();
    }

    /** Holding the lock: turns while wanted; then lets go, and takes it again if a read came in between. */
    private void run(IoSession session) {
        while (true) {
            boolean yielded = false;
            while (wanted && !ended && !paused(session) && !yielded) {
                wanted = false;
                yielded = turn(session);
            }
            if (ended) {
                inflater.end(); // the session closed while this turn ran (see end)
            }
            inflating.unlock();
            if (yielded) {
                queueTurn(session);
                return;
            }
            if (wanted && !ended && !paused(session) && inflating.tryLock()) {
                continue;
            }
            return;
        }
    }

    /** One turn; true when it stopped at its budget with more to do (the rest goes to the executor). */
    private boolean turn(IoSession session) {
        NextFilter to = next;
        long done = 0;
        try {
            while (!paused(session) && !ended) {
                if (inflater.needsInput() && !takeIncoming()) {
                    return false; // all inflated
                }
                if (resumeOn != null && done >= TURN) {
                    return true;
                }
                int n = inflater.inflate(out, 0, CHUNK);
                if (n > 0) {
                    rawIn += n;
                    done += n;
                    to.messageReceived(session, IoBuffer.wrap(java.util.Arrays.copyOf(out, n)));
                }
                if (inflater.finished()) {
                    throw new DataFormatException("the client ended its DEFLATE stream");
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new DataFormatException("a preset dictionary is not part of RFC 8054");
                }
            }
            wanted = true; // paused with input left: the next resume goes on
            return false;
        } catch (DataFormatException e) {
            // RFC 8054 §2.2.2: a broken stream leaves no way to find the next command
            ended = true;
            to.exceptionCaught(session, new java.io.IOException("corrupt COMPRESS DEFLATE stream: " + e.getMessage()));
            session.closeNow();
            return false;
        }
    }

    /** Gives the inflater what was read meanwhile; false when nothing waits. */
    private boolean takeIncoming() {
        byte[] batch;
        synchronized (incomingLock) {
            if (incomingLen == 0) {
                return false;
            }
            batch = java.util.Arrays.copyOf(incoming, incomingLen);
            incomingLen = 0;
            if (incoming.length > (64 << 10)) {
                incoming = new byte[1024];
            }
            if (backlogFull) {
                backlogFull = false;
                gate.backlog(false);
            }
        }
        inflater.setInput(batch);
        return true;
    }

    /** The session closed; never waits for a turn in progress (the I/O thread calls this): that turn ends the inflater. */
    void end() {
        ended = true;
        if (inflating.tryLock()) {
            try {
                inflater.end();
            } finally {
                inflating.unlock();
            }
        }
    }
}
