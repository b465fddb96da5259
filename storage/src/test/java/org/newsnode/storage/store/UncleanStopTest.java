package org.newsnode.storage.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.config.NodeConfig;

/**
 * Opening after a stop that was not clean (no clean-stop mark): the rows made past the last
 * safe point are dropped and made again from the article log with the same numbers, and
 * articles that lost their numbers in H2's file are filed again under them.
 */
class UncleanStopTest {
    @TempDir
    Path dir;

    private Storage open() throws Exception {
        Storage s = Storage.open(dir, 16, Clock.systemUTC());
        s.setPeers(NodeConfig.parse("path-identity = \"me\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "path-identity = \"p.test\"\n", "t.toml").peers());
        return s;
    }

    /** Message-ID by number in local.a, as a reader sees it. */
    private static Map<Long, String> numbering(Storage s) {
        Map<Long, String> out = new LinkedHashMap<>();
        Group g = s.group("local.a");
        List<Long> numbers = new ArrayList<>();
        s.reader().numbers(g, 1, Long.MAX_VALUE, 100_000, numbers::add);
        for (long n : numbers) {
            out.put(n, s.reader().byNumber(g, n).messageId());
        }
        return out;
    }

    private long safeArticle(Storage s) {
        return s.read(c -> {
            try (ResultSet rs = c.connection().createStatement().executeQuery("SELECT safe_article FROM store_state")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A store with local.a holding {@code articles} articles, each queued for peer p. */
    private Storage openWith(int articles) throws Exception {
        Storage s = open();
        s.createGroup("local.a", "", 'y', "t").join();
        for (int i = 0; i < articles; i++) {
            StorageTest.store(s, "<u" + i + "@x>", "local.a");
        }
        return s;
    }

    private void stopUncleanly(Storage s) throws Exception {
        s.close();
        Files.delete(dir.resolve(Storage.CLEAN_MARK)); // as after kill -9: the next open does not trust the file
    }

    @Test
    void rowsPastTheSafePointComeBackWithTheirNumbersAndQueueRows() throws Exception {
        Storage s0 = openWith(40);
        Map<Long, String> before = numbering(s0);
        stopUncleanly(s0);
        try (Storage s = open()) {
            assertEquals(before, numbering(s), "the same articles under the same numbers");
            assertEquals(40, s.group("local.a").count());
            assertEquals(40, s.queues().stats("p").depth(), "and every queue row");
            assertEquals(List.of(), s.consistencyProblems());
        }
        try (Storage s = open()) {
            assertEquals(40, s.group("local.a").count(), "the repaired counters were kept by the clean stop");
            assertEquals(List.of(), s.consistencyProblems());
        }
    }

    @Test
    void articlesThatLostTheirNumbersAreFiledAgain() throws Exception {
        Storage s0 = openWith(10);
        Map<Long, String> before = numbering(s0);
        await().atMost(Duration.ofSeconds(10)).until(() -> safeArticle(s0) > 10); // a checkpoint took them in
        // what the soak once found after kill -9: articles whose numbers were gone from H2's file
        int gone = s0.writer().submit(tx -> {
            PreparedStatement ps = tx.prepare("DELETE FROM group_article WHERE number IN (2, 5, 7)");
            return ps.executeUpdate();
        }).join();
        assertEquals(3, gone);
        assertEquals("3 articles in no group", s0.consistencyProblems().get(0));
        stopUncleanly(s0);
        try (Storage s = open()) {
            assertEquals(before, numbering(s), "filed again under the numbers they had");
            for (String id : before.values()) {
                assertNotNull(s.reader().byMessageId(id));
            }
            assertEquals(10, s.group("local.a").count());
            assertEquals(List.of(), s.consistencyProblems());
        }
    }
}
