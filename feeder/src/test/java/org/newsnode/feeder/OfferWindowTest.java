package org.newsnode.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;

/** The offer window without a socket: answers in, commands and finished rows out. */
class OfferWindowTest {
    /** A queue in memory, and a wire that records what would be written. */
    private static final class Fake implements OfferWindow.Rows, OfferWindow.Wire {
        final ArrayDeque<PeerQueues.Queued> queue = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        final List<String> deferred = new ArrayList<>();
        final List<String> gone = new ArrayList<>();

        Fake(int n) {
            for (int i = 1; i <= n; i++) {
                queue.add(new PeerQueues.Queued(i, "<" + i + "@x>", i, 0, 0, 0, 0));
            }
        }

        @Override
        public List<PeerQueues.Queued> take(int max) {
            List<PeerQueues.Queued> out = new ArrayList<>();
            while (out.size() < max && !queue.isEmpty()) {
                out.add(queue.poll());
            }
            return out;
        }

        @Override
        public StoredArticle article(PeerQueues.Queued row) {
            if (gone.contains(row.messageId())) {
                return null;
            }
            return new StoredArticle(row.articleId(), row.messageId(), ("Message-ID: " + row.messageId() + "\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), 0);
        }

        @Override
        public void finished(PeerQueues.Queued row) {
            finished.add(row.messageId());
        }

        @Override
        public void defer(PeerQueues.Queued row) {
            deferred.add(row.messageId());
        }

        @Override
        public void giveBack(List<PeerQueues.Queued> rows) {
            for (int i = rows.size() - 1; i >= 0; i--) {
                queue.addFirst(rows.get(i));
            }
        }

        @Override
        public void command(String line) {
            sent.add(line);
        }

        @Override
        public void article(String command, StoredArticle article) {
            sent.add((command.isEmpty() ? "" : command + " ") + "+article " + article.messageId());
        }

        List<String> drain() {
            List<String> out = List.copyOf(sent);
            sent.clear();
            return out;
        }
    }

    private final FeedCounters counters = new FeedCounters();

    @Test
    void checkThenTakethisForWantedOnesAndFinishedRowsOut() {
        Fake f = new Fake(3);
        OfferWindow w = new OfferWindow("p", 4, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        assertEquals(List.of("CHECK <1@x>", "CHECK <2@x>", "CHECK <3@x>"), f.drain());
        assertEquals(OfferWindow.Next.CONTINUE, w.answer(238, "238 <1@x>").next());
        assertEquals(List.of("TAKETHIS <1@x> +article <1@x>"), f.drain());
        w.answer(438, "438 <2@x>");
        w.answer(431, "431 <3@x>");
        w.answer(239, "239 <1@x>");
        assertEquals(List.of("<2@x>", "<1@x>"), f.finished, "had it, and took it: both leave the queue");
        assertEquals(List.of("<3@x>"), f.deferred, "try later: deferred, not finished");
        assertEquals(0, w.inFlight());
        assertEquals(3, counters.offered());
        assertEquals(1, counters.accepted());
        assertEquals(1, counters.refused());
        assertEquals(1, counters.deferred());
    }

    @Test
    void theWindowRefillsInHalves() {
        Fake f = new Fake(20);
        OfferWindow w = new OfferWindow("p", 8, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        assertEquals(8, f.drain().size());
        for (int i = 1; i <= 3; i++) {
            w.answer(438, "438 <" + i + "@x>");
            assertTrue(f.drain().isEmpty(), "more than half the window still in flight: no take yet");
        }
        w.answer(438, "438 <4@x>");
        assertEquals(List.of("CHECK <9@x>", "CHECK <10@x>", "CHECK <11@x>", "CHECK <12@x>"), f.drain());
    }

    @Test
    void noCheckModeComesWhenNearlyEverythingIsWantedAndGoesWhenRefusalsReturn() {
        Fake f = new Fake(400);
        OfferWindow w = new OfferWindow("p", 1, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        int n = 0;
        while (!w.noCheck()) {
            String id = "<" + ++n + "@x>";
            assertEquals(List.of("CHECK " + id), f.drain());
            w.answer(238, "238 " + id);
            assertEquals(List.of("TAKETHIS " + id + " +article " + id), f.drain());
            w.answer(239, "239 " + id);
            assertTrue(n < 200, "no-CHECK mode never came");
        }
        assertTrue(counters.noCheck());
        String next = "<" + ++n + "@x>";
        assertEquals(List.of("TAKETHIS " + next + " +article " + next), f.drain(), "no CHECK before it");
        while (w.noCheck()) {
            String id = "<" + n + "@x>";
            f.drain();
            w.answer(439, "439 " + id);
            n++;
            assertTrue(n < 400, "CHECK never came back");
        }
        assertFalse(counters.noCheck());
        assertTrue(f.drain().get(0).startsWith("CHECK "), "refusals bring CHECK back");
    }

    @Test
    void aFiveHundredDropsThatArticleOnlyAndGoesOn() {
        Fake f = new Fake(2);
        OfferWindow w = new OfferWindow("p", 4, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        f.drain();
        assertEquals(OfferWindow.Next.CONTINUE, w.answer(501, "501 Syntax error").next());
        assertEquals(List.of("<1@x>"), f.finished, "offered once, then dropped for this peer");
        assertEquals(OfferWindow.Next.CONTINUE, w.answer(238, "238 <2@x>").next());
        assertEquals(List.of("TAKETHIS <2@x> +article <2@x>"), f.drain());
        assertEquals(1, counters.rejected());
    }

    @Test
    void aLoginWantedOrAnAnswerForAnotherArticleEndsTheConnectionAndKeepsTheRows() {
        Fake f = new Fake(3);
        OfferWindow w = new OfferWindow("p", 4, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        f.drain();
        OfferWindow.Outcome o = w.answer(480, "480 Authentication required");
        assertEquals(OfferWindow.Next.FAIL, o.next());
        assertTrue(o.why().contains("<1@x>"), o.why());
        w.lost();
        assertTrue(f.finished.isEmpty());
        assertEquals(List.of("<1@x>", "<2@x>", "<3@x>"), f.queue.stream().map(PeerQueues.Queued::messageId).toList(),
                "every unanswered row is offered again, oldest first");

        OfferWindow again = new OfferWindow("p", 4, f, f, counters);
        again.open(OfferWindow.Mode.STREAM);
        f.drain();
        o = again.answer(238, "238 <2@x>");
        assertEquals(OfferWindow.Next.FAIL, o.next(), "an answer naming another article: no longer in step");
        again.lost();
        assertEquals(3, f.queue.size());
    }

    @Test
    void ihaveOneAtATimeWithTheArticleAfter335() {
        Fake f = new Fake(2);
        OfferWindow w = new OfferWindow("p", 8, f, f, counters);
        w.open(OfferWindow.Mode.IHAVE);
        assertEquals(List.of("IHAVE <1@x>"), f.drain(), "one at a time");
        w.answer(335, "335 Send it");
        assertEquals(List.of("+article <1@x>"), f.drain());
        w.answer(235, "235 Article transferred OK");
        assertEquals(List.of("IHAVE <2@x>"), f.drain());
        w.answer(436, "436 Retry later");
        assertEquals(List.of("<1@x>"), f.finished);
        assertEquals(List.of("<2@x>"), f.deferred);
    }

    @Test
    void ihaveUnknownAsksForStreamingWithTheSameArticle() {
        Fake f = new Fake(2);
        OfferWindow w = new OfferWindow("p", 8, f, f, counters);
        w.open(OfferWindow.Mode.IHAVE);
        f.drain();
        assertEquals(OfferWindow.Next.ASK_STREAM, w.answer(500, "500 What?").next());
        assertTrue(f.finished.isEmpty(), "not dropped: it goes again by streaming");
        w.open(OfferWindow.Mode.STREAM);
        assertEquals(List.of("CHECK <1@x>", "CHECK <2@x>"), f.drain());
    }

    @Test
    void anArticleGoneBeforeItsTakethisJustLeavesTheQueue() {
        Fake f = new Fake(1);
        f.gone.add("<1@x>");
        OfferWindow w = new OfferWindow("p", 4, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        f.drain();
        w.answer(238, "238 <1@x>");
        assertTrue(f.drain().isEmpty());
        assertEquals(List.of("<1@x>"), f.finished);
        assertEquals(0, w.inFlight());
    }

    @Test
    void anAnswerToNothingFails() {
        Fake f = new Fake(0);
        OfferWindow w = new OfferWindow("p", 4, f, f, counters);
        w.open(OfferWindow.Mode.STREAM);
        OfferWindow.Outcome o = w.answer(239, "239 <9@x>");
        assertEquals(OfferWindow.Next.FAIL, o.next());
        assertNull(f.queue.peek());
    }
}
