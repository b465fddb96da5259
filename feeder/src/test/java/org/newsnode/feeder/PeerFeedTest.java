package org.newsnode.feeder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.testing.TestArticle;

/** One peer's feed over a real store: pages read off the caller's thread, rows shared, given back, deferred, dequeued. */
class PeerFeedTest {
    @TempDir
    Path dir;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    /** Times the feed said rows are available. */
    private final AtomicInteger woken = new AtomicInteger();

    @AfterEach
    void stopThreads() {
        reader.shutdownNow();
        timers.shutdownNow();
    }

    private Storage storage(int articles) throws Exception {
        NodeConfig config = NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "port = 9\npath-identity = \"p.test\"\n", "t.toml");
        Storage s = Storage.open(dir, 16, Clock.systemUTC());
        s.setPeers(config.peers());
        s.createGroup("local.test", "", 'y', "t").join();
        for (int i = 0; i < articles; i++) {
            String id = "<" + i + "@x>";
            assertTrue(s.store(TestArticle.relayed(id).path("me!not-for-mail").arrival("me")).join().accepted());
        }
        return s;
    }

    @Test
    void connectionsShareOneCursorAndNoRowGoesTwice() throws Exception {
        try (Storage s = storage(300)) {
            PeerFeed feed = new PeerFeed("p", 64, s, reader, timers, woken::incrementAndGet);
            assertTrue(feed.take(10).isEmpty(), "nothing read yet: a take never queries on the caller's thread");
            feed.queued();
            await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() > 0);
            Set<String> seen = new HashSet<>();
            List<PeerQueues.Queued> lost = new ArrayList<>();
            int round = 0;
            while (seen.size() < 300) {
                List<PeerQueues.Queued> a = feed.take(16); // connection A
                List<PeerQueues.Queued> b = feed.take(16); // connection B
                if (a.isEmpty() && b.isEmpty()) {
                    Thread.sleep(5); // the next page is on its way
                    assertTrue(++round < 2_000, "the feed stopped reading ahead at " + seen.size());
                    continue;
                }
                for (PeerQueues.Queued q : a) {
                    assertTrue(seen.add(q.messageId()), q.messageId() + " went to two connections");
                    feed.finished(q);
                }
                for (PeerQueues.Queued q : b) {
                    if (lost.size() < 5 && !lost.contains(q)) {
                        lost.add(q); // B's connection drops with these unanswered
                    } else {
                        assertTrue(seen.add(q.messageId()), q.messageId() + " went to two connections");
                        feed.finished(q);
                    }
                }
                if (lost.size() == 5) {
                    feed.giveBack(List.copyOf(lost));
                    List<PeerQueues.Queued> again = feed.take(5);
                    assertEquals(lost, again, "given back: offered again first, oldest first");
                    lost.add(null); // only once
                    for (PeerQueues.Queued q : again) {
                        assertTrue(seen.add(q.messageId()));
                        feed.finished(q);
                    }
                }
            }
            assertTrue(feed.take(10).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> s.queues().stats("p").depth() == 0);
        }
    }

    @Test
    void aDeferredRowComesBackAfterTheRetryDelay() throws Exception {
        try (Storage s = storage(1)) {
            PeerFeed feed = new PeerFeed("p", 64, s, reader, timers, woken::incrementAndGet);
            feed.queued();
            await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() == 1);
            PeerQueues.Queued q = feed.take(4).get(0);
            long at = System.nanoTime();
            feed.defer(q);
            assertTrue(feed.take(4).isEmpty(), "not before the retry delay");
            await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() == 2);
            assertTrue((System.nanoTime() - at) / 1_000_000 >= PeerFeed.RETRY_DEFERRED_MS - 50);
            assertEquals(List.of(q), feed.take(4));
            assertEquals(1, s.queues().stats("p").depth(), "deferred is not finished");
        }
    }

    @Test
    void aRowForAnIdThePeerOfferedUsIsDroppedUnoffered() throws Exception {
        try (Storage s = storage(4)) {
            s.history().offeredBy("<1@x>", "p", true); // "p" sent CHECK <1@x> after we had it
            s.history().offeredBy("<2@x>", "other", true); // another peer having it says nothing about "p"
            PeerFeed feed = new PeerFeed("p", 64, s, reader, timers, woken::incrementAndGet);
            feed.queued();
            await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() > 0);
            List<String> offered = feed.take(10).stream().map(PeerQueues.Queued::messageId).toList();
            assertEquals(List.of("<0@x>", "<2@x>", "<3@x>"), offered);
            assertTrue(feed.take(10).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> s.queues().stats("p").depth() == 3);
        }
    }
}
