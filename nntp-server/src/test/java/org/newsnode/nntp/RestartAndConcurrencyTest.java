package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.newsnode.nntp.testing.NntpTestClient.article;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;

class RestartAndConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void aRestartKeepsGroupsArticlesNumbersAndOverview() throws Exception {
        List<String> overBefore;
        List<String> articleBefore;
        try (TestNode node = TestNode.start(dir)) {
            node.createGroup("local.a");
            node.createGroup("local.b");
            try (NntpTestClient c = node.client()) {
                for (int i = 0; i < 20; i++) {
                    assertTrue(c.post(article(i % 2 == 0 ? "local.a,local.b" : "local.a", "s" + i, "b" + i)).startsWith("240"));
                }
                c.cmd("GROUP local.a");
                overBefore = c.multi("OVER 1-");
                articleBefore = c.multi("ARTICLE 7");
            }
            node.storage().removeGroup("local.b").join();
            node.createGroup("local.b");
        }
        try (TestNode node = TestNode.start(dir); NntpTestClient c = node.client()) {
            assertEquals("211 20 1 20 local.a", c.cmd("GROUP local.a"));
            assertEquals(overBefore, c.multi("OVER 1-"));
            assertEquals(articleBefore, c.multi("ARTICLE 7"));
            assertEquals("211 0 11 10 local.b", c.cmd("GROUP local.b"), "the re-created group continues after 10");
            assertTrue(c.post(article("local.a", "after restart", "x")).startsWith("240"));
            assertEquals("211 21 1 21 local.a", c.cmd("GROUP local.a"));
        }
    }

    @Test
    void concurrentPostersGetDistinctNumbersAndEveryAckedArticleIsThere() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            node.createGroup("local.busy");
            int threads = 8;
            int each = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (NntpTestClient c = node.client()) {
                        for (int i = 0; i < each; i++) {
                            String r = c.post(article("local.busy", "t" + id + " n" + i, "x"));
                            assertTrue(r.startsWith("240 "), r);
                            ids.add(r.substring(r.indexOf('<')));
                        }
                    }
                    return ids;
                }));
            }
            Set<String> acked = new HashSet<>();
            for (Future<List<String>> f : results) {
                acked.addAll(f.get());
            }
            pool.shutdown();
            assertEquals(threads * each, acked.size());
            try (NntpTestClient c = node.client()) {
                assertEquals("211 320 1 320 local.busy", c.cmd("GROUP local.busy"));
                List<String> over = c.multi("OVER 1-");
                Set<String> listed = new HashSet<>();
                for (int i = 1; i < over.size(); i++) {
                    String[] f = over.get(i).split("\t");
                    assertEquals(String.valueOf(i), f[0], "numbers are dense and ordered");
                    listed.add(f[4]);
                }
                assertEquals(acked, listed);
            }
            var counters = node.storage().writer().counters();
            assertTrue(counters.tasks() >= threads * each, "every post went through the writer");
        }
    }
}
