package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paged reads a backlog, OVER and NEWNEWS repeat page after page read about a page of
 * rows each, not the whole remaining range (H2's EXPLAIN ANALYZE counts the rows scanned):
 * otherwise draining a backlog or listing a big group costs time quadratic in its size. The
 * low water mark expiry sets after each of its batches reads one row, not the group.
 * And a read that fails in its caller's code gives its connection back.
 */
class QueryPlanTest {
    @TempDir
    Path dir;

    private static final int PAGE = 10;

    @Test
    void pagedReadsWalkTheirIndexAndStopAtTheLimit() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("local.a", "", 'y', "t").join();
            for (int i = 0; i < 300; i++) {
                StorageTest.store(s, "<p" + i + "@x>", "local.a");
            }
            s.writer().submit(tx -> {
                PreparedStatement ps = tx.prepare("INSERT INTO peer_queue (peer, seq, article_id, message_id, queued) "
                        + "VALUES ('p', ?, 1, '<p0@x>', 0)");
                for (int seq = 1; seq <= 3000; seq++) {
                    ps.setLong(1, seq);
                    ps.addBatch();
                }
                ps.executeBatch();
                return null;
            }).join();
            Group g = s.group("local.a");
            assertScansAbout(s, "a peer's backlog", PeerQueues.PAGE, "p", 5L, PAGE);
            assertScansAbout(s, "OVER", ArticleReader.groupScan("number, overview"), g.id(), 5L, 100_000L, PAGE);
            assertScansAbout(s, "NEWNEWS", ArticleReader.NEWNEWS_PAGE, 5L, PAGE);
            assertScansAbout(s, "a group's low water mark after expiry", Changes.LOWEST, g.id());
        }
    }

    @Test
    void aReadWhoseSinkThrowsGivesItsConnectionBack() throws Exception {
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            int before = sessions(s);
            for (int i = 0; i < 40; i++) {
                try {
                    s.read(c -> {
                        throw new IllegalStateException("the session went away mid-scan");
                    });
                } catch (IllegalStateException expected) {
                    // what a scan's caller sees
                }
            }
            assertTrue(sessions(s) <= before + 1, "H2 sessions before " + before + ", after " + sessions(s));
        }
    }

    private static int sessions(Storage s) {
        return s.read(c -> {
            try (ResultSet rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void assertScansAbout(Storage s, String what, String sql, Object... params) {
        String plan = s.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("EXPLAIN ANALYZE " + sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        int most = 0;
        while (m.find()) {
            most = Math.max(most, Integer.parseInt(m.group(1)));
        }
        assertTrue(most > 0 && most <= 2 * PAGE + 2, what + ": a page of " + PAGE + " scanned " + most + " rows of one table:\n" + plan);
    }
}
