package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery: the files as a crash leaves them (copied while the store is open and H2 has
 * not persisted the latest commits) open with every acknowledged change, with the same numbers.
 */
class ArticleLogTest {
    @TempDir
    Path dir;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static Path lastSegment(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve(ArticleLog.DIR))) {
            return files.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void acknowledgedChangesSurviveACrashSnapshot() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Storage s = Storage.open(live, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "first", 'y', "t").join();
            s.createGroup("a.two", "", 'y', "t").join();
            for (int i = 0; i < 100; i++) {
                StorageTest.store(s, "<j" + i + "@x>", i % 3 == 0 ? new String[] {"a.one", "a.two"} : new String[] {"a.one"});
            }
            s.removeGroup("a.two").join();
            s.createGroup("a.two", "again", 'm', "t").join();
            assertTrue(Files.size(lastSegment(live)) > 100 * 100, "the article log holds the articles");
            copyTree(live, crashed); // what a kill -9 right now would leave
        }
        try (Storage s = Storage.open(crashed, 16, Clock.systemUTC())) {
            Group one = s.group("a.one");
            assertEquals(100, one.count());
            assertEquals(100, one.high());
            Group two = s.group("a.two");
            assertEquals('m', two.status());
            assertEquals("again", two.description());
            assertEquals(35, two.low(), "the re-created group continues after the removed one's 34 numbers");
            for (int i = 0; i < 100; i++) {
                assertNotNull(s.reader().byMessageId("<j" + i + "@x>"), "article " + i);
            }
            StoredArticle a = s.reader().byNumber(one, 100);
            assertEquals("<j99@x>", a.messageId());
            assertEquals("<j99@x>", s.reader().byMessageId("<j99@x>").messageId());
        }
    }

    @Test
    void aChangedGroupIsLoggedAndComesBackChangedWithItsArticles() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Storage s = Storage.open(live, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "first", 'y', "t").join();
            for (int i = 0; i < 3; i++) {
                StorageTest.store(s, "<g" + i + "@x>", "a.one");
            }
            Group m = s.changeGroup("a.one", null, 'm').join();
            assertEquals('m', m.status());
            assertEquals("first", m.description(), "null keeps the description");
            assertEquals('m', s.group("a.one").status(), "readers see it at once");
            s.changeGroup("a.one", "now moderated", (char) 0).join();
            java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, () -> s.changeGroup("no.such", "x", 'y').join());
            assertEquals("no such group no.such", e.getCause().getMessage());
            copyTree(live, crashed); // what a kill -9 right now would leave
        }
        try (Storage s = Storage.open(crashed, 16, Clock.systemUTC())) {
            Group one = s.group("a.one");
            assertEquals('m', one.status());
            assertEquals("now moderated", one.description());
            assertEquals(3, one.count(), "its articles and numbers stay");
        }
    }

    @Test
    void aTornTailIsCutAndTheRestReplayed() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Storage s = Storage.open(live, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            StorageTest.store(s, "<t1@x>", "a.one");
            copyTree(live, crashed);
        }
        // half a record at the end: the process died inside a log write
        long before = Files.size(lastSegment(crashed));
        Files.write(lastSegment(crashed), new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);
        try (Storage s = Storage.open(crashed, 16, Clock.systemUTC())) {
            assertNotNull(s.reader().byMessageId("<t1@x>"));
            assertEquals(1, s.group("a.one").count());
            assertEquals(before, Files.size(lastSegment(crashed)), "the torn tail is cut off");
            StorageTest.store(s, "<t2@x>", "a.one");
            assertEquals(2, s.group("a.one").count(), "and the log takes new records after it");
        }
        try (Storage s = Storage.open(crashed, 16, Clock.systemUTC())) {
            assertEquals(2, s.group("a.one").count());
            assertNotNull(s.reader().byMessageId("<t2@x>"));
        }
    }

    @Test
    void aGrowingSegmentIsMappedChunkByChunkOnceAndReadsStayExact() throws Exception {
        int size = 1 << 20; // 40 records of 1 MiB: the segment grows through two whole chunks and part of a third
        java.util.List<ArticleLog.Position> at = new java.util.ArrayList<>();
        try (ArticleLog log = ArticleLog.open(dir, false, ArticleLog.SEGMENT_BYTES)) {
            for (int i = 0; i < 40; i++) {
                byte[] wire = new byte[size];
                java.util.Arrays.fill(wire, (byte) i);
                wire[0] = (byte) ~i; // first and last bytes tell a shifted read
                wire[size - 1] = (byte) (i * 7);
                at.add(log.append(new ArticleLog.MoveRecord(i, wire)));
                log.flush();
                assertRecord(log, at.get(i), i, size); // the growing end: read without a map
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 40; i++) {
                    assertRecord(log, at.get(i), i, size); // whole chunks mapped, records across a boundary read
                }
            }
            long whole = (at.get(39).offset() + size) / ArticleLog.CHUNK;
            assertEquals(whole, log.mappedChunks(), "each whole chunk mapped once; the growing end not at all");
        }
    }

    @Test
    void withoutMapsEveryReadIsAPositionedReadAndAsExact() throws Exception {
        int size = 1 << 20;
        java.util.List<ArticleLog.Position> at = new java.util.ArrayList<>();
        try (ArticleLog log = ArticleLog.open(dir, false, ArticleLog.SEGMENT_BYTES, false)) { // storage.map-articles = false
            for (int i = 0; i < 40; i++) {
                byte[] wire = new byte[size];
                java.util.Arrays.fill(wire, (byte) i);
                wire[0] = (byte) ~i;
                wire[size - 1] = (byte) (i * 7);
                at.add(log.append(new ArticleLog.MoveRecord(i, wire)));
                log.flush();
            }
            for (int i = 0; i < 40; i++) {
                assertRecord(log, at.get(i), i, size);
            }
            assertEquals(0, log.mappedChunks(), "nothing mapped: the node's RSS holds no log pages");
        }
    }

    private static void assertRecord(ArticleLog log, ArticleLog.Position p, int i, int size) throws IOException {
        byte[] got = log.read(p.segment(), p.offset(), size);
        assertEquals((byte) ~i, got[0], "record " + i);
        assertEquals((byte) (i * 7), got[size - 1], "record " + i);
        assertEquals((byte) i, got[size / 2], "record " + i);
    }
}
