package org.newsnode.feeder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.newsnode.storage.store.StoredArticle;

/**
 * The writes of one connection that offers articles, whoever opened it: while a burst of
 * answers is handled (corked) the commands and articles they cause are held and leave as one
 * write, so a window of 238s becomes one write of TAKETHIS articles (and one TLS record).
 * Not thread-safe: its owner (a link or a called-in feed) calls it under its own lock.
 */
final class OfferWriter implements OfferWindow.Wire {
    private IoSession session;
    private boolean corked;
    private final List<IoBuffer> held = new ArrayList<>();
    /** Called before each write (the owner's response deadline counts from a new question). */
    private final Runnable beforeWrite;

    OfferWriter(Runnable beforeWrite) {
        this.beforeWrite = beforeWrite;
    }

    /** The connection writes go to from now on (null: none; writes are dropped). */
    void bind(IoSession s) {
        session = s;
        held.clear();
    }

    void cork() {
        corked = true;
    }

    /** Sends what was held while corked, as one write. */
    void uncork() {
        corked = false;
        if (held.isEmpty()) {
            return;
        }
        if (session != null && !session.isClosing()) {
            int n = 0;
            for (IoBuffer b : held) {
                n += b.remaining();
            }
            IoBuffer all = IoBuffer.allocate(n);
            for (IoBuffer b : held) {
                all.put(b);
            }
            session.write(all.flip());
        }
        held.clear();
    }

    /** One line; {@code line} ends in CRLF. */
    void send(String line) {
        write(IoBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void command(String line) {
        send(line + "\r\n");
    }

    /** Command line (may be empty), the stored wire bytes and the terminator, in one write. */
    @Override
    public void article(String command, StoredArticle a) {
        byte[] cmd = (command.isEmpty() ? "" : command + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] wire = a.wire();
        IoBuffer b = IoBuffer.allocate(cmd.length + wire.length + 3);
        b.put(cmd).put(wire).put((byte) '.').put((byte) '\r').put((byte) '\n').flip();
        write(b);
    }

    private void write(IoBuffer b) {
        beforeWrite.run();
        if (corked) {
            held.add(b);
        } else if (session != null) {
            session.write(b);
        }
    }
}
