package org.newsnode.nntp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.newsnode.nntp.testing.RecordingTransport;

/** The input queue's order, holds and back-pressure, with no socket and no threads. */
class SessionInputTest {
    /** A transport whose unsent output the test sets and which counts read suspensions. */
    private static final class Flow extends RecordingTransport {
        volatile long pending;
        boolean suspended;

        @Override
        public long pendingOutput() {
            return pending;
        }

        @Override
        public void suspendRead() {
            suspended = true;
        }

        @Override
        public void resumeRead() {
            suspended = false;
        }
    }

    private final Flow transport = new Flow();
    private final ReplyOrder replies = new ReplyOrder(transport);
    private final List<Object> handled = Collections.synchronizedList(new ArrayList<>());
    private final List<Runnable> continued = new ArrayList<>();
    private final AtomicInteger passes = new AtomicInteger();
    private SessionInput input;

    private SessionInput input(java.util.function.Consumer<Object> handler) {
        input = new SessionInput(transport, replies, continued::add, handler, passes::incrementAndGet, 100);
        return input;
    }

    private void runContinuations() {
        while (!continued.isEmpty()) {
            continued.remove(0).run();
        }
    }

    @Test
    void aCommandThatAwaitsHoldsTheRestUntilItsResultIsIn() {
        CompletableFuture<String> commit = new CompletableFuture<>();
        input(m -> {
            handled.add(m);
            if (m.equals("POST")) {
                input.await(commit, f -> handled.add("240 " + f.join()));
            }
        });
        input.receive(List.of("MODE READER", "POST", "DATE", "GROUP a"));
        assertEquals(List.of("MODE READER", "POST"), handled, "nothing after the waiting command runs");
        assertEquals(1, passes.get(), "the pass ended when the command started waiting");
        commit.complete("<a@x>");
        assertEquals(List.of("MODE READER", "POST", "240 <a@x>"), handled, "the held input moves to the continuation executor");
        runContinuations();
        assertEquals(List.of("MODE READER", "POST", "240 <a@x>", "DATE", "GROUP a"), handled);
        assertEquals(2, passes.get(), "one commit per pass of the queue");
    }

    @Test
    void readingStopsWhileTooMuchIsQueuedAndResumesAtHalf() {
        CompletableFuture<String> commit = new CompletableFuture<>();
        input(m -> {
            handled.add(m);
            if (m.equals("hold")) {
                input.await(commit, f -> { });
            }
        });
        input.receive(List.of("hold"));
        List<Object> burst = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            burst.add("CHECK <" + i + "@x>");
        }
        input.receive(burst);
        assertTrue(transport.suspended, "more than 1000 queued commands stop reading");
        commit.complete("done");
        runContinuations();
        assertFalse(transport.suspended, "the drained queue reads again");
        assertEquals(1002, handled.size());
    }

    @Test
    void promisedRepliesBeyondTheLimitStopReadingUntilHalfAreSent() {
        input(handled::add);
        for (int i = 0; i < 1001; i++) {
            input.promised();
        }
        assertTrue(transport.suspended);
        for (int i = 0; i < 501; i++) {
            input.answered();
        }
        assertTrue(transport.suspended, "500 still owed is not below half");
        input.answered();
        assertFalse(transport.suspended);
    }

    @Test
    void aClientThatDoesNotReadHoldsItsCommandsUntilOutputIsDownToHalf() {
        input(m -> {
            handled.add(m);
            transport.pending += 80; // every reply adds 80 unsent octets
        });
        input.receive(List.of("ARTICLE 1", "ARTICLE 2", "ARTICLE 3"));
        assertEquals(List.of("ARTICLE 1", "ARTICLE 2"), handled, "the third waits: 160 octets unsent, limit 100");
        assertTrue(input.outputBlocked());
        assertTrue(transport.suspended, "and reading stops");
        transport.pending = 60;
        assertFalse(input.outputSent(), "above half the limit nothing restarts");
        transport.pending = 40;
        assertTrue(input.outputSent());
        assertFalse(input.outputBlocked());
        runContinuations();
        assertEquals(List.of("ARTICLE 1", "ARTICLE 2", "ARTICLE 3"), handled);
    }

    @Test
    void endedInputIsStillAnsweredThenTheConnectionCloses() {
        CompletableFuture<String> commit = new CompletableFuture<>();
        input(m -> {
            handled.add(m);
            input.promised();
            replies.sendWhenDone(commit, f -> "239 " + f.join(), input::answered);
        });
        input.receive(List.of("TAKETHIS <a@x>"));
        input.inputEnded();
        assertFalse(transport.closed, "a reply is still owed");
        commit.complete("<a@x>");
        assertEquals(List.of("239 <a@x>"), transport.lines());
        assertTrue(transport.closed, "closed once every reply is out");
    }

    @Test
    void afterDiscardNothingQueuedRuns() {
        CompletableFuture<String> commit = new CompletableFuture<>();
        input(m -> {
            handled.add(m);
            input.await(commit, f -> { });
        });
        input.receive(List.of("POST", "DATE"));
        input.discard();
        commit.complete("x");
        runContinuations();
        assertEquals(List.of("POST"), handled);
        assertTrue(input.isClosed());
    }
}
