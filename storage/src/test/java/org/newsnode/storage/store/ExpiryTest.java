package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.ExpiryPolicy;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.testing.TestArticle;

/** Expiry with a clock the test moves: retention, Expires bounds, low water marks, history remember window, disk. */
class ExpiryTest {
    @TempDir
    Path dir;

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    static ExpiryPolicy policy() throws Exception {
        return NodeConfig.parse("""
                path-identity = "me"
                [expiry]
                groups = ["*:10", "local.keep:0"]
                expires-min-days = 1
                expires-max-days = 90
                remember-days = 11
                """, "t.toml").expiry();
    }

    static void store(Storage s, String id, String groups, String extraHeader, int body) throws Exception {
        TestArticle a = TestArticle.relayed(id).groups(groups).date(s.clock().instant()).bodyOf(body);
        if (!extraHeader.isEmpty()) {
            String[] h = extraHeader.strip().split(": ", 2); // one "Name: value\r\n"
            a.header(h[0], h[1]);
        }
        assertTrue(s.store(a.arrival("me")).join().accepted());
    }

    /** Every run is preceded by a dry run, which changes nothing and must report exactly what the run then does. */
    static Storage.ExpiryReport expireAsForecast(Storage s, ExpiryPolicy policy) {
        List<Group> before = List.copyOf(s.groups());
        Storage.ExpiryReport dry = s.expire(policy, true, (d, t, rows) -> { });
        assertEquals(before, List.copyOf(s.groups()), "a dry run changes nothing");
        Storage.ExpiryReport real = s.expire(policy, false, (d, t, rows) -> { });
        assertEquals(real, dry, "the dry run said what the run would do");
        return real;
    }

    @Test
    void retentionExpiresHeaderLowWaterMarkAndRememberWindow() throws Exception {
        MovableClock clock = new MovableClock(T0);
        ExpiryPolicy policy = policy();
        try (Storage s = Storage.open(dir, 16, false, clock)) {
            s.createGroup("local.a", "", 'y', "t").join();
            s.createGroup("local.keep", "", 'y', "t").join();
            store(s, "<a1@x>", "local.a", "", 10);
            store(s, "<a2@x>", "local.a", "", 10);
            store(s, "<ak@x>", "local.a,local.keep", "", 10);
            store(s, "<exp@x>", "local.a", "Expires: " + NetnewsDates.format(T0.plus(Duration.ofDays(2))) + "\r\n", 10);
            store(s, "<soon@x>", "local.a", "Expires: " + NetnewsDates.format(T0.plus(Duration.ofHours(1))) + "\r\n", 10);
            store(s, "<k1@x>", "local.keep", "", 10);

            clock.advance(Duration.ofDays(3));
            Storage.ExpiryReport dry = s.expire(policy, true, (d, t, r) -> { });
            assertEquals(2, dry.rowsRemoved(), "Expires in 2 days, and 1 hour held up to the 1-day minimum");
            assertEquals(5, s.group("local.a").count(), "a dry run changes nothing");
            Storage.ExpiryReport r = expireAsForecast(s, policy);
            assertEquals(2, r.rowsRemoved());
            assertEquals(2, r.articlesRemoved());
            Group a = s.group("local.a");
            assertEquals(3, a.count());
            assertEquals(1, a.low());
            assertEquals(HistoryState.EXPIRED, s.history().state("<exp@x>"), "gone articles stay in history");
            assertNull(s.reader().byMessageId("<exp@x>"));

            clock.advance(Duration.ofDays(8)); // T0 + 11 days: local.a's 10 days have passed
            r = expireAsForecast(s, policy);
            assertEquals(3, r.rowsRemoved());
            assertEquals(2, r.articlesRemoved(), "the crossposted article stays: local.keep keeps it");
            a = s.group("local.a");
            assertEquals(0, a.count());
            assertEquals(6, a.low(), "empty group: low = high + 1");
            assertEquals(5, a.high());
            assertNotNull(s.reader().byMessageId("<ak@x>"));
            assertEquals(2, s.group("local.keep").count());
            store(s, "<a6@x>", "local.a", "", 10);
            assertEquals(6, s.group("local.a").high(), "numbers are never reused");
            assertEquals(6, s.group("local.a").low());

            clock.advance(Duration.ofDays(1)); // T0 + 12 days: the remember window (11 days) is over
            r = expireAsForecast(s, policy);
            assertEquals(4, r.historyPurged(), "a1, a2, exp and soon are forgotten");
            assertNull(s.history().state("<a1@x>"));
            assertEquals(HistoryState.ACCEPTED, s.history().state("<ak@x>"));
        }
    }

    /**
     * A big expiry never holds the writer for long: its scans run on read connections and it
     * removes rows a batch at a time, so writes from sessions go on between its batches (one
     * transaction per group, as before, showed a watcher only "all" or "none" of a group).
     */
    @Test
    void aLargeExpiryLetsOtherWritesInBetweenItsBatches() throws Exception {
        MovableClock clock = new MovableClock(T0);
        int n = 5 * Expiry.BATCH;
        try (Storage s = Storage.open(dir, 16, false, clock)) {
            s.createGroup("local.a", "", 'y', "t").join();
            List<java.util.concurrent.CompletableFuture<StoreResult>> stored = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                stored.add(s.store(TestArticle.relayed("<big" + i + "@x>").groups("local.a").date(clock.instant())
                        .bodyOf(5).arrival("me")));
            }
            stored.forEach(f -> assertTrue(f.join().accepted()));
            clock.advance(Duration.ofDays(11));
            java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watcher = new Thread(() -> {
                while (!done.get()) {
                    seen.add(s.writer().submit(tx -> tx.group("local.a").count()).join()); // what a session's write sees
                }
            });
            watcher.start();
            Storage.ExpiryReport r = s.expire(policy(), false, (d, t, rows) -> { });
            done.set(true);
            watcher.join();
            assertEquals(n, r.rowsRemoved());
            assertEquals(n, r.articlesRemoved());
            assertEquals(0, s.group("local.a").count());
            assertEquals(HistoryState.EXPIRED, s.history().state("<big0@x>"));
            assertTrue(seen.stream().anyMatch(c -> c > 0 && c < n),
                    "writes between the batches saw the group part-expired: " + new java.util.TreeSet<>(seen));
            assertEquals(List.of(), s.consistencyProblems());
        }
    }

    private static long logBytes(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(ArticleLog.DIR))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void diskLevelsOffOverIngestAndExpireCycles() throws Exception {
        MovableClock clock = new MovableClock(T0);
        ExpiryPolicy policy = policy();
        long[] sizes = new long[6];
        try (Storage s = Storage.open(dir, 16, false, clock, 64 * 1024)) {
            s.createGroup("local.a", "", 'y', "t").join();
            for (int cycle = 0; cycle < sizes.length; cycle++) {
                for (int i = 0; i < 200; i++) {
                    store(s, "<c" + cycle + "." + i + "@x>", "local.a", "", 2000);
                }
                clock.advance(Duration.ofDays(11));
                Storage.ExpiryReport r = expireAsForecast(s, policy);
                assertEquals(200, r.articlesRemoved());
                assertTrue(cycle == 0 || r.segmentsDeleted() > 0, "cycle " + cycle + " gave segments back");
                sizes[cycle] = logBytes(dir);
            }
        }
        // each cycle writes ~400 KB; what stays is bounded by the segment being written and the replay tail
        for (int cycle = 2; cycle < sizes.length; cycle++) {
            assertTrue(sizes[cycle] <= 2 * 450 * 1024, "log after cycle " + cycle + ": " + sizes[cycle] + " bytes");
        }
    }

    @Test
    void mixedRetentionIsCompactedSoDiskLevelsOffAndKeptArticlesStayReadable() throws Exception {
        MovableClock clock = new MovableClock(T0);
        ExpiryPolicy policy = policy(); // local.keep: forever; everything else: 10 days
        long[] sizes = new long[6];
        java.util.Map<String, byte[]> kept = new java.util.HashMap<>();
        try (Storage s = Storage.open(dir, 16, false, clock, 64 * 1024)) {
            s.createGroup("local.a", "", 'y', "t").join();
            s.createGroup("local.keep", "", 'y', "t").join();
            for (int cycle = 0; cycle < sizes.length; cycle++) {
                for (int i = 0; i < 200; i++) {
                    // one article in twenty is kept forever: without compaction every segment would stay
                    String id = "<m" + cycle + "." + i + "@x>";
                    store(s, id, i % 20 == 0 ? "local.keep" : "local.a", "", 2000);
                    if (i % 20 == 0) {
                        kept.put(id, s.reader().byMessageId(id).wire());
                    }
                }
                clock.advance(Duration.ofDays(11));
                Storage.ExpiryReport r = expireAsForecast(s, policy);
                assertEquals(190, r.articlesRemoved());
                assertTrue(cycle == 0 || r.segmentsCompacted() > 0 && r.articlesMoved() > 0, "cycle " + cycle + ": " + r);
                sizes[cycle] = logBytes(dir);
            }
            for (var e : kept.entrySet()) {
                assertArrayEquals(e.getValue(), s.reader().byMessageId(e.getKey()).wire(), "moved article " + e.getKey());
            }
        }
        // live data grows by ~20 KB a cycle; without compaction the log would grow by ~400 KB a cycle
        for (int cycle = 2; cycle < sizes.length; cycle++) {
            assertTrue(sizes[cycle] <= 2 * 450 * 1024 + 60 * 1024 * cycle, "log after cycle " + cycle + ": " + sizes[cycle]);
        }
        try (Storage s = Storage.open(dir, 16, false, clock, 64 * 1024)) {
            assertEquals(60, s.group("local.keep").count());
            for (var e : kept.entrySet()) {
                assertArrayEquals(e.getValue(), s.reader().byMessageId(e.getKey()).wire(), "after reopening: " + e.getKey());
            }
        }
    }

    @Test
    void aMoveIsReplayedAfterACrash() throws Exception {
        MovableClock clock = new MovableClock(T0);
        byte[] wire;
        try (Storage s = Storage.open(dir, 16, false, clock, 64 * 1024)) {
            s.createGroup("local.keep", "", 'y', "t").join();
            store(s, "<k@x>", "local.keep", "", 100);
            wire = s.reader().byMessageId("<k@x>").wire();
            long id = s.read(c -> Expiry.articlesIn(c, 1)).get(0).articleId();
            // a move logged but never committed to H2, as when the process dies between the two
            ArticleLog.Position at = s.writer().articleLog().append(new ArticleLog.MoveRecord(id, wire));
            s.writer().articleLog().flush();
            assertEquals(1, at.segment());
        }
        try (Storage s = Storage.open(dir, 16, false, clock, 64 * 1024)) {
            Expiry.LoggedBytes row = s.read(c -> Expiry.articlesIn(c, 1)).get(0);
            assertTrue(row.offset() > 200, "the replayed move points the rows at the copy: offset " + row.offset());
            assertArrayEquals(wire, s.reader().byMessageId("<k@x>").wire());
        }
    }
}
