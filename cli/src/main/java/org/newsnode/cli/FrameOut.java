package org.newsnode.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's side of a control connection's reply frames (see {@link ControlFrames}). A
 * keep-alive never waits for a write under way (a client that stopped reading must not stall
 * the timer every connection shares): a write under way says the node is alive anyway.
 */
final class FrameOut {
    private final DataOutputStream out;
    private final ReentrantLock writing = new ReentrantLock();

    FrameOut(DataOutputStream out) {
        this.out = out;
    }

    void write(byte type, byte[] payload, int off, int len) throws IOException {
        writing.lock();
        try {
            out.writeByte(type);
            out.writeInt(len);
            out.write(payload, off, len);
            out.flush();
        } finally {
            writing.unlock();
        }
    }

    void write(byte type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length);
    }

    void keepalive() {
        if (writing.tryLock()) {
            try {
                write(ControlFrames.KEEPALIVE, new byte[0]);
            } catch (IOException e) {
                // the client went away; the command's own writes notice it too
            } finally {
                writing.unlock();
            }
        }
    }
}
