package org.newsnode.storage.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.config.ExpiryPolicy;

/**
 * What an expiry run would do, read-only (INN's expire -n): the rows each group would lose,
 * the articles that would then be in no group, the history entries the same run would
 * forget (those already gone or refused and those it would expire, past the remember
 * window), and the log segments it would compact and give back. Counted on read
 * connections, so a dry run never holds the writer for a scan.
 */
final class ExpiryForecast {
    private ExpiryForecast() {
    }

    static Expiry.Report run(Storage storage, StoreWriter writer, ExpiryPolicy policy, long now, Expiry.Progress progress)
            throws SQLException, IOException {
        List<Group> groups = new ArrayList<>(storage.groups());
        Integer[] ids = new Integer[groups.size()];
        Long[] cutoffs = new Long[groups.size()];
        long rows = 0;
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            ids[i] = g.id();
            cutoffs[i] = Expiry.cutoff(policy, g.name(), now);
            long cutoff = cutoffs[i];
            rows += storage.read(c -> {
                PreparedStatement ps = c.prepare("SELECT COUNT(*) FROM group_article ga JOIN article a ON a.id = ga.article_id "
                        + "WHERE ga.group_id = ? AND " + Expiry.expiring("?"));
                ps.setInt(1, g.id());
                ps.setLong(2, cutoff);
                Expiry.setBounds(ps, 3, policy, now);
                return count(ps);
            });
            progress.step(i + 1, groups.size(), rows);
        }
        // an article survives when one of its rows does not expire (a row of a group not listed never does)
        String survives = "EXISTS (SELECT 1 FROM group_article ga LEFT JOIN TABLE(gid INT = ?, cutoff BIGINT = ?) k "
                + "ON k.gid = ga.group_id WHERE ga.article_id = a.id AND (k.gid IS NULL OR NOT " + Expiry.expiring("k.cutoff") + "))";
        long removed = storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT COUNT(*) FROM article a WHERE NOT " + survives);
            survivalParameters(ps, 1, ids, cutoffs, policy, now);
            return count(ps);
        });
        long forgotten = storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT COUNT(*) FROM history h WHERE h.arrived < ? AND (h.state <> 'A' OR EXISTS "
                    + "(SELECT 1 FROM article a WHERE a.id = h.article_id AND NOT " + survives + "))");
            ps.setLong(1, now - policy.remember().toMillis());
            survivalParameters(ps, 2, ids, cutoffs, policy, now);
            return count(ps);
        });
        Map<Integer, Live> live = storage.read(c -> {
            PreparedStatement ps = c.prepare("SELECT a.segment, SUM(a.wire_length), COUNT(*) FROM article a WHERE " + survives
                    + " GROUP BY a.segment");
            survivalParameters(ps, 1, ids, cutoffs, policy, now);
            Map<Integer, Live> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new Live(rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
        Segments s = writer.submit(tx -> segments(tx.log(), live)).join();
        return new Expiry.Report(groups.size(), rows, removed, forgotten, s.compacted(), s.moved(), s.deleted(), s.bytes());
    }

    /** A segment's surviving articles: their bytes and how many. */
    private record Live(long bytes, long articles) {
    }

    /** What the run would do to the sealed segments. */
    private record Segments(int compacted, long moved, int deleted, long bytes) {
    }

    /**
     * Sealed segments as the run would leave them: a segment whose surviving articles fill
     * less than {@link Expiry#COMPACT_BELOW} of it is compacted, and then, like one with no
     * survivor at all, deleted.
     */
    private static Segments segments(ArticleLog log, Map<Integer, Live> live) throws SQLException {
        int compacted = 0;
        long moved = 0;
        int deleted = 0;
        long bytes = 0;
        try {
            for (int seg : log.segments()) {
                if (seg >= log.currentSegment()) {
                    continue;
                }
                long size = log.segmentSize(seg);
                Live l = live.get(seg);
                if (l != null && l.bytes() >= Expiry.COMPACT_BELOW * size) {
                    continue;
                }
                if (l != null) {
                    compacted++;
                    moved += l.articles();
                }
                deleted++;
                bytes += size;
            }
        } catch (IOException e) {
            throw new SQLException("article log: " + e.getMessage(), e);
        }
        return new Segments(compacted, moved, deleted, bytes);
    }

    private static void survivalParameters(PreparedStatement ps, int index, Integer[] ids, Long[] cutoffs, ExpiryPolicy policy,
                                           long now) throws SQLException {
        ps.setObject(index, ids);
        ps.setObject(index + 1, cutoffs);
        Expiry.setBounds(ps, index + 2, policy, now);
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
