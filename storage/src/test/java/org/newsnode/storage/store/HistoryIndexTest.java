package org.newsnode.storage.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryIndexTest {
    @TempDir
    Path dir;

    @Test
    void holdsEveryIdThroughGrowthAndRebuild() {
        HistoryIndex index = new HistoryIndex();
        assertFalse(index.ready(), "a miss proves nothing before the first build");
        for (int i = 0; i < 200_000; i++) {
            index.add("<" + i + "@example>");
        }
        assertEquals(200_000, index.size());
        for (int i = 0; i < 200_000; i++) {
            assertTrue(index.contains("<" + i + "@example>"));
        }
        assertFalse(index.contains("<200000@example>"));
        index.add("<1@example>");
        assertEquals(200_000, index.size(), "adding a known ID again changes nothing");

        index.beginRebuild();
        HistoryIndex fresh = new HistoryIndex();
        fresh.addLoaded("<from-db@example>");
        index.add("<during-rebuild@example>");
        index.finishRebuild(fresh);
        assertTrue(index.ready());
        assertTrue(index.contains("<from-db@example>"));
        assertTrue(index.contains("<during-rebuild@example>"), "an ID stored while the database was read is kept");
        assertFalse(index.contains("<5@example>"), "IDs the database no longer has are gone");
        assertEquals(2, index.size());
    }

    @Test
    void anIdHashesAlikeOnEveryThreadAndAgain() throws Exception {
        long here = HistoryIndex.hash("<same@example>");
        assertEquals(here, HistoryIndex.hash("<same@example>"), "the digest starts afresh for each ID");
        long[] there = new long[1];
        Thread t = new Thread(() -> there[0] = HistoryIndex.hash("<same@example>"));
        t.start();
        t.join();
        assertEquals(here, there[0], "one key for the process, whichever thread hashes");
        assertTrue(here != HistoryIndex.hash("<Same@example>"));
    }

    @Test
    void storageAnswersKnownFromTheIndexBuiltAtOpen() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("local.test", "", Group.POSTING, "t").join();
            assertTrue(StorageTest.store(s, "<kept@x>", "local.test").accepted());
            s.history().remember("<refused@x>", HistoryState.REJECTED).join();
        }
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(10)).until(s.history()::indexReady);
            assertTrue(s.history().known("<kept@x>"));
            assertTrue(s.history().known("<refused@x>"));
            assertFalse(s.history().known("<new@x>"));
            assertTrue(StorageTest.store(s, "<new@x>", "local.test").accepted());
            assertTrue(s.history().known("<new@x>"), "an article stored after the build is known at once");
        }
    }

    @Test
    void aHeapTooSmallForTheIndexsNextGrowthIsSaidWithTheFigureToSet() {
        long index = 160L << 20; // 10M IDs
        String w = History.warnIfHeapTooSmall(index, 256L << 20);
        assertTrue(w != null && w.contains("160 MiB now") && w.contains("needs about 608 MiB") && w.contains("-Xmx1216m"), w);
        assertTrue(History.warnIfHeapTooSmall(16L << 20, 256L << 20) == null, "1M IDs fit a 256 MiB heap");
    }
}
