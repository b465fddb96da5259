package org.newsnode.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.newsnode.cli.Node;
import org.newsnode.cli.NodeHome;
import org.newsnode.nntp.testing.NntpTestClient;

/**
 * Propagation benchmark (not a test): a chain of five in-JVM nodes on 127.0.0.31–35, each
 * with its own H2 files on disk; articles are posted at one end at a steady rate and the
 * time from acceptance at the first node to acceptance at the last is read from history.
 *
 * <pre>java -cp ... org.newsnode.cli.bench.PropagationBench [rate/s] [seconds] [port]</pre>
 */
public final class PropagationBench {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 11999;
        int n = 5;
        Path dir = Files.createTempDirectory("propagation");
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path home = dir.resolve("n" + i);
            new NodeHome(home).init("p" + i + ".bench", addr(i) + ":" + port);
            StringBuilder toml = new StringBuilder(Files.readString(home.resolve("newsnode.toml")));
            for (int j : new int[] {i - 1, i + 1}) {
                if (j >= 0 && j < n) {
                    toml.append("\n[[peer]]\nname = \"p").append(j).append("\"\nhost = \"").append(addr(j))
                            .append("\"\nport = ").append(port).append("\npath-identity = \"p").append(j)
                            .append(".bench\"\nsource-address = \"").append(addr(i)).append("\"\n");
                }
            }
            Files.writeString(home.resolve("newsnode.toml"), toml.toString());
        }
        for (int i = 0; i < n; i++) {
            NodeHome home = new NodeHome(dir.resolve("n" + i));
            nodes.add(Node.start(home, home.loadConfig()));
        }
        List<String> ids = new ArrayList<>();
        try (NntpTestClient c = new NntpTestClient(addr(0), port)) {
            long start = System.nanoTime();
            int total = rate * seconds;
            for (int k = 0; k < total; k++) {
                long due = start + (long) (k * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String r = c.post(NntpTestClient.article("local.test", "propagation " + k, "x".repeat(2000)));
                ids.add(r.substring(r.indexOf('<')));
            }
        }
        Node last = nodes.get(n - 1);
        long deadline = System.currentTimeMillis() + 60_000;
        while (last.storage().group("local.test").count() < ids.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        List<Long> endToEnd = new ArrayList<>();
        for (String id : ids) {
            long a = nodes.get(0).storage().history().arrivedAt(id);
            long b = last.storage().history().arrivedAt(id);
            if (a > 0 && b > 0) {
                endToEnd.add(b - a);
            }
        }
        Collections.sort(endToEnd);
        double median = endToEnd.get(endToEnd.size() / 2);
        double p99 = endToEnd.get((int) (endToEnd.size() * 0.99));
        System.out.printf("RESULT articles=%d arrived=%d rate=%d/s end-to-end(4 hops) median=%.0f ms p99=%.0f ms "
                        + "per-hop median=%.1f ms p99=%.1f ms%n", ids.size(), endToEnd.size(), rate, median, p99, median / 4,
                p99 / 4);
        for (Node node : nodes) {
            node.close();
        }
    }

    private static String addr(int i) {
        return "127.0.0." + (31 + i);
    }
}
