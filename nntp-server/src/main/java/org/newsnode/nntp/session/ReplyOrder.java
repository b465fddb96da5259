package org.newsnode.nntp.session;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Replies leave in the order of their commands, however late each one's work finishes
 * (RFC 3977 §3.5 pipelining; RFC 4644 §2.5 for streaming): a reply that is ready goes out at
 * once when nothing is owed before it, else it waits for the one before. One per session.
 */
final class ReplyOrder {
    private final Transport transport;
    /** Completes when the last reply promised so far has been sent. Guarded by this. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    ReplyOrder(Transport transport) {
        this.transport = transport;
    }

    /** Completes once every reply promised so far has been sent. */
    synchronized CompletableFuture<Void> allSent() {
        return last;
    }

    /** Sends octets of a reply after every reply promised before them. */
    void send(byte[] data, int off, int len) {
        CompletableFuture<Void> prev;
        CompletableFuture<Void> mine;
        synchronized (this) {
            prev = last;
            if (prev.isDone()) {
                transport.send(data, off, len);
                return;
            }
            mine = new CompletableFuture<>();
            last = mine;
        }
        prev.whenComplete((x, y) -> {
            transport.send(data, off, len);
            mine.complete(null);
        });
    }

    /**
     * Promises a one-line reply made by {@code line} from {@code work} once it is done; it is
     * sent when every earlier reply is out, then {@code sent} runs (also when {@code line} fails).
     */
    <T> void sendWhenDone(CompletableFuture<T> work, Function<CompletableFuture<T>, String> line, Runnable sent) {
        CompletableFuture<Void> prev;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        synchronized (this) {
            prev = last;
            last = mine;
        }
        CompletableFuture.allOf(prev, work.handle((r, e) -> null)).whenComplete((x, y) -> {
            try {
                byte[] b = (line.apply(work) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                transport.send(b, 0, b.length); // this reply's turn: earlier ones are out
            } finally {
                mine.complete(null);
                sent.run();
            }
        });
    }
}
