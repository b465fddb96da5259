package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.testing.TestArticle;

/** Queue rows are written with the article, per the peers' newsfeeds rules, and survive a restart. */
class PeerQueueTest {
    @TempDir
    Path dir;

    static final NodeConfig CONFIG = parse("""
            path-identity = "me.example"
            [[peer]]
            name = "b"
            host = "127.0.0.2"
            path-identity = "b.example"
            groups = "local.*,!local.secret"
            [[peer]]
            name = "c"
            host = "127.0.0.3"
            path-identity = "c.example"
            aliases = ["c-old.example"]
            groups = "*,@local.bin*"
            max-size = 400
            [[peer]]
            name = "d"
            host = "127.0.0.4"
            path-identity = "d.example"
            distributions = ["!local"]
            """);

    static NodeConfig parse(String toml) {
        try {
            return NodeConfig.parse(toml, "t.toml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Article article(String id, String groups, String path, int bodyLength) {
        return TestArticle.relayed(id).groups(groups).path(path).bodyOf(bodyLength).parse();
    }

    private static void store(Storage s, String id, String groups, String path, int body, Set<String> sentBy)
            throws Exception {
        s.store(new Arrival(article(id, groups, path, body), id, List.of(groups.split(",")), 0, "me.example", sentBy, null)).join();
    }

    private static List<String> ids(Storage s, String peer) {
        return s.queues().page(peer, 0, 100).stream().map(PeerQueues.Queued::messageId).toList();
    }

    @Test
    void rowsFollowGroupsPathSizeAndSender() throws Exception {
        List<Set<String>> woken = new CopyOnWriteArrayList<>();
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.setPeers(CONFIG.peers());
            s.onQueued(woken::add);
            for (String g : List.of("local.test", "local.secret", "local.binaries", "comp.x")) {
                s.createGroup(g, "", 'y', "t").join();
            }
            store(s, "<1@x>", "local.test", "me.example!not-for-mail", 10, Set.of());
            store(s, "<2@x>", "local.secret", "me.example!not-for-mail", 10, Set.of());
            store(s, "<3@x>", "local.test,local.binaries", "me.example!not-for-mail", 10, Set.of());
            store(s, "<4@x>", "comp.x", "me.example!c-old.example!z", 10, Set.of());
            store(s, "<5@x>", "local.test", "me.example!not-for-mail", 1000, Set.of());
            store(s, "<6@x>", "local.test", "me.example!elsewhere", 10, Set.of("b"));
            assertEquals(List.of("<1@x>", "<3@x>", "<5@x>"), ids(s, "b"), "b: local.* but not local.secret, not from b");
            assertEquals(List.of("<1@x>", "<2@x>", "<6@x>"), ids(s, "c"),
                    "c: not poisoned, not already in Path (alias), not over its size limit");
            assertEquals(3, s.queues().stats("b").depth());
            String localOnly = "<dist@x>";
            s.store(TestArticle.relayed(localOnly).groups("comp.x").path("me.example!not-for-mail")
                    .header("Distribution", "local").arrival("me.example")).join();
            assertTrue(ids(s, "c").contains(localOnly), "c has no distribution list: any distribution");
            assertFalse(ids(s, "d").contains(localOnly), "d excludes distribution local");
            assertTrue(ids(s, "d").contains("<4@x>"), "articles without Distribution go to d");
            s.queues().dequeue("b", List.of(s.queues().page("b", 0, 1).get(0).seq())).join();
            assertEquals(List.of("<3@x>", "<5@x>"), ids(s, "b"));
            assertEquals("<3@x>", s.reader().byArticleId(s.queues().page("b", 0, 1).get(0).articleId()).messageId());
            // the queue page carries where each article's bytes are: the feeder reads them without a query of its own
            PeerQueues.Queued first = s.queues().page("b", 0, 1).get(0);
            assertArrayEquals(s.reader().byMessageId("<3@x>").wire(), s.queues().article(first).wire());
        }
        assertEquals(Set.of("b", "c", "d"), woken.get(0), "the first store woke the links of the peers it was queued for");
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            assertEquals(List.of("<3@x>", "<5@x>"), ids(s, "b"), "queues survive a restart");
            s.removeGroup("local.test").join();
            assertEquals(List.of("<3@x>"), ids(s, "b"), "rows of deleted articles go with them");
        }
    }
}
