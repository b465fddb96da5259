package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.testing.TestArticle;

class StorageTest {
    @TempDir
    Path dir;

    static Article article(String id, String groups) {
        return TestArticle.relayed(id).groups(groups).parse();
    }

    static StoreResult store(Storage s, String id, String... groups) throws Exception {
        return s.store(Arrival.local(article(id, String.join(",", groups)), id, List.of(groups), 0, "node.test")).join();
    }

    @Test
    void aDuplicateInsideOneBatchIsRefusedAndItsNeighboursAreStoredWithoutAGap() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            long batches = s.writer().counters().batches();
            List<CompletableFuture<StoreResult>> batch = new ArrayList<>();
            for (String id : List.of("<d1@x>", "<d1@x>", "<d2@x>")) {
                batch.add(s.storeInBatch(Arrival.local(article(id, "a.one"), id, List.of("a.one"), 0, "node.test")));
            }
            s.commitQueued();
            assertEquals(List.of(StoreResult.Outcome.ACCEPTED, StoreResult.Outcome.DUPLICATE, StoreResult.Outcome.ACCEPTED),
                    batch.stream().map(f -> f.join().outcome()).toList(), "history's key refuses the second copy");
            assertEquals(1, s.writer().counters().batches() - batches, "one transaction");
            assertEquals(Map.of("a.one", 2L), batch.get(2).join().numbers(), "the refused copy took no number");
            assertEquals(2, s.group("a.one").count());
            assertEquals("<d2@x>", s.reader().byNumber(s.group("a.one"), 2).messageId());
        }
    }

    @Test
    void crosspostNumbersXrefAndDuplicates() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            s.createGroup("a.two", "", 'y', "t").join();
            assertEquals(Map.of("a.one", 1L), store(s, "<1@x>", "a.one").numbers());
            StoreResult r = store(s, "<2@x>", "a.one", "a.two", "not.here");
            assertEquals(Map.of("a.one", 2L, "a.two", 1L), r.numbers());
            StoredArticle a = s.reader().byNumber(s.group("a.two"), 1);
            String head = new String(a.wire(), 0, a.bodyOffset(), StandardCharsets.ISO_8859_1);
            assertTrue(head.contains("Xref: node.test a.one:2 a.two:1\r\n"), head);
            assertEquals(StoreResult.Outcome.DUPLICATE, store(s, "<2@x>", "a.one").outcome());
            assertEquals(StoreResult.Outcome.NO_GROUPS, store(s, "<3@x>", "not.here").outcome());
            Group one = s.group("a.one");
            assertEquals(2, one.count());
            assertEquals(1, one.low());
            assertEquals(2, one.high());
        }
    }

    @Test
    void groupErrorsAreReported() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            CompletionException e = assertThrows(CompletionException.class, () -> s.createGroup("a.one", "", 'y', "t").join());
            assertEquals("group a.one already exists", e.getCause().getMessage());
            e = assertThrows(CompletionException.class, () -> s.removeGroup("nope").join());
            assertEquals("no such group nope", e.getCause().getMessage());
            assertThrows(CompletionException.class, () -> s.createGroup("bad name", "", 'y', "t").join());
        }
    }

    @Test
    void oneFailingTaskDoesNotSinkItsBatch() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch leading = new CountDownLatch(1);
            // another thread becomes the leader and blocks inside its task, so the rest queues up
            CompletableFuture<Object> gate = CompletableFuture.supplyAsync(() -> s.writer().submit(tx -> {
                leading.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }).join());
            leading.await();
            List<CompletableFuture<StoreResult>> ok = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ok.add(s.store(Arrival.local(article("<b" + i + "@x>", "a.one"), "<b" + i + "@x>", List.of("a.one"), 0, "n")));
            }
            CompletableFuture<Group> bad = s.createGroup("a.one", "", 'y', "t");
            // a task that wrote before it failed: its savepoint undoes the write, its neighbours stay
            CompletableFuture<Object> halfDone = s.writer().submit(tx -> {
                tx.prepare("INSERT INTO retired_group VALUES ('half.done', 1)").executeUpdate();
                throw new IllegalStateException("failed after writing");
            });
            for (int i = 50; i < 60; i++) {
                ok.add(s.store(Arrival.local(article("<b" + i + "@x>", "a.one"), "<b" + i + "@x>", List.of("a.one"), 0, "n")));
            }
            long batchesBefore = s.writer().counters().batches();
            hold.countDown();
            gate.join();
            for (CompletableFuture<StoreResult> f : ok) {
                assertTrue(f.join().accepted());
            }
            assertThrows(CompletionException.class, bad::join);
            CompletionException failed = assertThrows(CompletionException.class, halfDone::join);
            assertEquals("failed after writing", failed.getCause().getMessage(), "the task's own failure, not its undo's");
            long batches = s.writer().counters().batches() - batchesBefore;
            // 60 stores and the failing tasks were queued behind the gate: group commit takes them together
            assertTrue(batches <= 2, "batches " + batches);
            assertEquals(60, s.group("a.one").count());
        }
        assertEquals(0, countInFile("SELECT COUNT(*) FROM retired_group WHERE name = 'half.done'"),
                "the failed task's write was undone");
        assertEquals(60, countInFile("SELECT COUNT(*) FROM group_article"),
                "the neighbours' rows, before and after the failures, are all there");
    }

    /** A count read from the closed store's H2 file directly, past the writer's in-memory state. */
    private long countInFile(String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("newsnode"), "sa", "");
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void schemaIsVersionedAndReopens() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("a.one", "", 'y', "t").join();
        }
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            assertEquals(1, s.groups().size());
        }
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("newsnode"), "sa", "");
             var rs = c.createStatement().executeQuery("SELECT version, script FROM schema_version")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals("V1__initial_schema.sql", rs.getString(2));
            c.createStatement().execute("INSERT INTO schema_version VALUES (99, 'future', 0)");
        }
        Exception e = assertThrows(java.sql.SQLException.class, () -> Storage.open(dir, 16, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("schema version 99 is newer"), e.getMessage());
    }
}
