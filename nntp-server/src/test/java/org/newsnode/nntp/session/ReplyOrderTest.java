package org.newsnode.nntp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.newsnode.nntp.testing.RecordingTransport;

/** Replies in command order whatever finishes first, with no socket. */
class ReplyOrderTest {
    private final RecordingTransport transport = new RecordingTransport();

    private List<String> sent() {
        return transport.sent.length() == 0 ? List.of() : List.of(transport.sent.toString().split("\r\n"));
    }

    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReadyReplyWaitsForTheOneOwedBeforeIt() {
        ReplyOrder order = new ReplyOrder(transport);
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> quick = new CompletableFuture<>();
        AtomicInteger done = new AtomicInteger();
        order.sendWhenDone(slow, f -> "239 " + f.join(), done::incrementAndGet);
        order.sendWhenDone(quick, f -> "439 " + f.join(), done::incrementAndGet);
        byte[] date = line("111 20261202000000");
        order.send(date, 0, date.length);
        quick.complete("<b@x>");
        assertEquals(List.of(), sent(), "nothing overtakes the first reply");
        assertFalse(order.allSent().isDone());
        slow.complete("<a@x>");
        assertEquals(List.of("239 <a@x>", "439 <b@x>", "111 20261202000000"), sent());
        assertEquals(2, done.get());
        assertTrue(order.allSent().isDone());
    }

    @Test
    void withNothingOwedAReplyGoesAtOnceAndAFailedWorkStillFreesItsTurn() {
        ReplyOrder order = new ReplyOrder(transport);
        byte[] b = line("200 ok");
        order.send(b, 0, b.length);
        assertEquals(List.of("200 ok"), sent(), "sent on the caller's thread, no waiting");
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("store down"));
        order.sendWhenDone(failed, f -> f.isCompletedExceptionally() ? "436 later" : "235", () -> { });
        byte[] after = line("205 bye");
        order.send(after, 0, after.length);
        assertEquals(List.of("200 ok", "436 later", "205 bye"), sent());
    }
}
