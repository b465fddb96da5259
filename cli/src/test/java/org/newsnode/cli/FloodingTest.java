package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.feeder.FeedCounters;
import org.newsnode.nntp.testing.NntpTestClient;

/**
 * Nodes flood articles to each other over real sockets, each on its own loopback address
 * (127.0.0.11, .12, …) with its own H2 files, binding its outgoing links to that address so
 * peers tell each other apart by address as on a real network.
 */
class FloodingTest {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String address(int i) {
        return "127.0.0." + (11 + i);
    }

    /** Starts n nodes; links[i] lists the nodes node i peers with (both directions must be listed). */
    List<Node> start(int n, int[][] links, int port) throws Exception {
        return start(dir, n, links, port, "");
    }

    /** The same in {@code dir}, with {@code extra} appended to every node's newsnode.toml. */
    static List<Node> start(Path dir, int n, int[][] links, int port, String extra) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path home = dir.resolve("n" + i);
            new NodeHome(home).init("n" + i + ".test", address(i) + ":" + port);
            StringBuilder toml = new StringBuilder(Files.readString(home.resolve("newsnode.toml")));
            for (int j : links[i]) {
                toml.append("\n[[peer]]\nname = \"n").append(j).append("\"\nhost = \"").append(address(j))
                        .append("\"\nport = ").append(port).append("\npath-identity = \"n").append(j)
                        .append(".test\"\n"); // no source-address: a node on its own 127.x connects from it
            }
            toml.append('\n').append(extra);
            Files.writeString(home.resolve("newsnode.toml"), toml.toString());
        }
        try {
            for (int i = 0; i < n; i++) {
                NodeHome home = new NodeHome(dir.resolve("n" + i));
                nodes.add(Node.start(home, home.loadConfig()));
            }
        } catch (Exception | Error e) {
            nodes.forEach(Node::close);
            throw e;
        }
        return nodes;
    }

    /** Waits until every node holds {@code count} articles in the group, then says it holds exactly that many. */
    static void awaitCount(List<Node> nodes, String group, long count) {
        for (Node node : nodes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> node.storage().group(group).count() >= count);
            assertEquals(count, node.storage().group(group).count(), "articles at " + node.config().pathIdentity());
        }
    }

    /**
     * Waits until no node has anything queued for any peer: every offer was answered for good
     * (a row leaves its queue only then), so the feed counters are final.
     */
    static void awaitQueuesEmpty(List<Node> nodes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(node ->
                node.config().peers().stream().allMatch(p -> node.storage().queues().stats(p.name()).depth() == 0)));
    }

    private void floodAndCheck(int n, int[][] links, int articles) throws Exception {
        int port = freePort();
        List<Node> nodes = start(n, links, port);
        try {
            Random rnd = new Random(42);
            Map<String, Integer> postedAt = new HashMap<>();
            for (int k = 0; k < articles; k++) {
                int at = rnd.nextInt(n);
                try (NntpTestClient c = new NntpTestClient(address(at), port)) {
                    String r = c.post(NntpTestClient.article("local.test", "flood " + k, "from node " + at));
                    assertTrue(r.startsWith("240 "), r);
                    postedAt.put(r.substring(r.indexOf('<')), at);
                }
            }
            awaitCount(nodes, "local.test", articles);
            awaitQueuesEmpty(nodes); // every offer answered: the counts below are final
            for (int i = 0; i < n; i++) {
                try (NntpTestClient c = new NntpTestClient(address(i), port)) {
                    assertEquals("211 " + articles + " 1 " + articles + " local.test", c.cmd("GROUP local.test"),
                            "each article exactly once at n" + i);
                    for (Map.Entry<String, Integer> e : postedAt.entrySet()) {
                        List<String> head = c.multi("HEAD " + e.getKey());
                        String path = head.stream().filter(h -> h.startsWith("Path: ")).findFirst().orElseThrow();
                        assertTrue(path.startsWith("Path: n" + i + ".test!"), path);
                        assertTrue(path.endsWith("n" + e.getValue() + ".test!not-for-mail"), "route ends at the poster: " + path);
                    }
                }
            }
            long accepted = 0;
            for (Node node : nodes) {
                for (FeedCounters fc : node.feeder().counters().values()) {
                    accepted += fc.accepted();
                }
            }
            // every article crossed exactly n-1 links to reach the other nodes: one 239 per arrival
            assertEquals((long) articles * (n - 1), accepted, "no article crossed a link twice");
        } finally {
            for (Node node : nodes) {
                node.close();
            }
        }
    }

    @Test
    void chainOfFive() throws Exception {
        floodAndCheck(5, new int[][] {{1}, {0, 2}, {1, 3}, {2, 4}, {3}}, 40);
    }

    @Test
    void ringOfFive() throws Exception {
        floodAndCheck(5, new int[][] {{1, 4}, {0, 2}, {1, 3}, {2, 4}, {3, 0}}, 40);
    }

    @Test
    void fullMeshOfFive() throws Exception {
        int[][] mesh = new int[5][];
        for (int i = 0; i < 5; i++) {
            int[] others = new int[4];
            for (int j = 0, k = 0; j < 5; j++) {
                if (j != i) {
                    others[k++] = j;
                }
            }
            mesh[i] = others;
        }
        floodAndCheck(5, mesh, 40);
    }

    @Test
    void aNodeThatWasDownReceivesEverythingAfterItRestarts() throws Exception {
        int port = freePort();
        List<Node> nodes = start(2, new int[][] {{1}, {0}}, port);
        try {
            nodes.get(1).close();
            int n = 1000;
            try (NntpTestClient c = new NntpTestClient(address(0), port)) {
                for (int k = 0; k < n; k++) {
                    assertTrue(c.post(NntpTestClient.article("local.test", "while down " + k, "x")).startsWith("240 "));
                }
            }
            assertEquals(n, nodes.get(0).storage().queues().stats("n1").depth(), "the backlog waits in n0's queue for n1");
            NodeHome home1 = new NodeHome(dir.resolve("n1"));
            nodes.set(1, Node.start(home1, home1.loadConfig()));
            awaitCount(nodes, "local.test", n);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0,
                    nodes.get(0).storage().queues().stats("n1").depth(), "the queue drains once n1 answered"));
            var counters = nodes.get(0).feeder().counters().get("n1");
            assertEquals(n, counters.accepted());
            assertEquals(n, counters.offered(), "each article offered once");
            assertTrue(counters.noCheck(), "a backlog the peer wants whole goes with TAKETHIS alone (innfeed's no-CHECK mode)");
        } finally {
            for (Node node : nodes) {
                node.close();
            }
        }
    }
}
