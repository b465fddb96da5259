package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged H2 file is moved aside and the database rebuilt from the article log: nothing acknowledged is lost. */
class DamagedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedDatabaseIsRebuiltFromTheArticleLog() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "first", 'y', "t").join();
            s.createGroup("a.two", "", 'm', "t").join();
            for (int i = 0; i < 5; i++) {
                assertTrue(StorageTest.store(s, "<d" + i + "@x>", "a.one").accepted());
            }
            assertTrue(StorageTest.store(s, "<x@x>", "a.one", "a.two").accepted());
        }
        Path file = dir.resolve("newsnode.mv.db");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[8192];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            f.write(junk); // both file headers gone
        }
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            assertEquals(6, s.group("a.one").count());
            assertEquals(6, s.group("a.one").high());
            assertEquals(1, s.group("a.two").count());
            assertEquals('m', s.group("a.two").status());
            for (int i = 0; i < 5; i++) {
                assertNotNull(s.reader().byMessageId("<d" + i + "@x>"), "article d" + i);
            }
            assertTrue(s.history().known("<x@x>") || s.history().state("<x@x>") != null);
            assertTrue(StorageTest.store(s, "<after@x>", "a.one").accepted(), "the rebuilt database takes new articles");
            assertEquals(7, s.group("a.one").high(), "numbers go on where they were");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("newsnode.mv.db.damaged-")),
                    "the damaged file is kept for inspection");
        }
    }

    @Test
    void afterAnUncleanStopDisagreeingCountersAreRepaired() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            for (int i = 0; i < 3; i++) {
                assertTrue(StorageTest.store(s, "<r" + i + "@x>", "a.one").accepted());
            }
        }
        assertTrue(Files.exists(dir.resolve(Storage.CLEAN_MARK)), "a clean close leaves its mark");
        // a counter that disagrees with the rows, as H2 was seen to leave one after kill -9
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath()
                .resolve("newsnode") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", ""); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE newsgroup SET article_count = 7, high = 1 WHERE name = 'a.one'");
            // and an article row alone, as a transaction torn by the kill leaves it
            st.executeUpdate("INSERT INTO article (id, message_id, segment, wire_offset, wire_length, body_offset, arrived, "
                    + "posted) VALUES (999, '<torn@x>', 1, 0, 10, 5, 0, 0)");
        }
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            assertEquals(7, s.group("a.one").count(), "after a clean stop nothing is second-guessed");
            assertEquals(List.of("1 articles in no group", "1 articles without history",
                    "1 groups whose counters disagree with their numbers"), s.consistencyProblems());
        }
        Files.delete(dir.resolve(Storage.CLEAN_MARK)); // as if the node had been killed
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            assertEquals(3, s.group("a.one").count());
            assertEquals(3, s.group("a.one").high());
            assertEquals(1, s.group("a.one").low());
            assertEquals(List.of(), s.consistencyProblems());
            assertTrue(StorageTest.store(s, "<r3@x>", "a.one").accepted());
            assertEquals(4, s.group("a.one").high(), "numbering goes on after the highest number in use");
        }
    }
}
