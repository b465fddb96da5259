package org.newsnode.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.newsnode.cli.Node;
import org.newsnode.cli.NodeHome;
import org.newsnode.feeder.FeedCounters;
import org.newsnode.nntp.testing.NntpTestClient;

/**
 * COMPRESS DEFLATE on a peer link (not a test): node A holds N articles queued for B while
 * B is down; B starts and A's feeder catches it up. Prints the time until B has them all
 * and the octets A wrote to B's socket, with compress off and on (fresh nodes each).
 * Bodies are text drawn from a small vocabulary, like discussion groups.
 *
 * <pre>java -cp ... org.newsnode.cli.bench.CatchUpBench [articles] [port] [tls: plain|tls]</pre>
 */
public final class CatchUpBench {
    static final String A = "127.0.0.41";
    static final String B = "127.0.0.42";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 11997;
        boolean tls = args.length > 2 && args[2].equals("tls");
        java.util.List<Double> off = new java.util.ArrayList<>();
        java.util.List<Double> on = new java.util.ArrayList<>();
        for (int pair = 0; pair < 5; pair++) {
            double a = run(n, port, false, tls);
            double b = run(n, port, true, tls);
            if (pair > 0) { // the first pair warms the JIT up
                off.add(a);
                on.add(b);
            }
        }
        off.sort(null);
        on.sort(null);
        System.out.printf("median catch-up%s: plain %.2f s (%.2f–%.2f), compressed %.2f s (%.2f–%.2f)%n", tls ? " over TLS" : "",
                (off.get(1) + off.get(2)) / 2, off.get(0), off.get(3), (on.get(1) + on.get(2)) / 2, on.get(0), on.get(3));
    }

    /** One catch-up; returns its seconds. */
    private static double run(int n, int port, boolean compress, boolean tls) throws Exception {
        Path dir = Files.createTempDirectory("catchup");
        NodeHome a = new NodeHome(dir.resolve("a"));
        NodeHome b = new NodeHome(dir.resolve("b"));
        a.init("a.bench", A + ":" + port);
        b.init("b.bench", B + ":" + port);
        String pin = tls ? org.newsnode.cli.BenchAccess.selfSigned(b) : null;
        Files.writeString(a.configFile(), Files.readString(a.configFile()) + "\n[[peer]]\nname = \"b\"\nhost = \"" + B
                + "\"\nport = " + port + "\npath-identity = \"b.bench\"\nsource-address = \"" + A + "\"\ncompress = " + compress
                + (tls ? "\ntls = \"starttls\"\ntls-fingerprint = \"" + pin + "\"" : "\ntls = \"off\"") + "\n");
        Files.writeString(b.configFile(), Files.readString(b.configFile()) + "\n[[peer]]\nname = \"a\"\nhost = \"" + A
                + "\"\nport = " + port + "\npath-identity = \"a.bench\"\nsource-address = \"" + B + "\"\n");
        long rawBytes = 0;
        try (Node na = Node.start(a, a.loadConfig())) {
            Thread[] posters = new Thread[4];
            long[] bytes = new long[posters.length];
            for (int t = 0; t < posters.length; t++) {
                int tt = t;
                posters[t] = new Thread(() -> {
                    Random r = new Random(tt);
                    try (NntpTestClient c = new NntpTestClient(A, port)) {
                        for (int i = tt; i < n; i += posters.length) {
                            String art = NntpTestClient.article("local.test", "catch-up " + i, body(r));
                            bytes[tt] += art.length();
                            String resp = c.post(art);
                            if (!resp.startsWith("240")) {
                                throw new IllegalStateException(resp);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                posters[t].start();
            }
            for (Thread t : posters) {
                t.join();
            }
            for (long x : bytes) {
                rawBytes += x;
            }
            try (Node nb = Node.start(b, b.loadConfig())) {
                FeedCounters fc = na.feeder().counters().get("b");
                while (fc.connectedSince() == 0) {
                    Thread.sleep(1); // the link is waiting out its backoff: timing starts when it connects
                }
                long t0 = fc.connectedSince();
                while (nb.storage().group("local.test").count() < n) {
                    Thread.sleep(5);
                }
                double s = (System.currentTimeMillis() - t0) / 1e3;
                System.out.printf("compress=%s%s: %d articles (%.1f MB posted) caught up in %.2f s (%.0f/s); %.1f MB on the wire; link %s%n",
                        compress, tls ? " tls" : "", n, rawBytes / 1e6, s, n / s, fc.octetsSent() / 1e6, fc.layers());
                return s;
            }
        }
    }

    private static final String[] WORDS = ("the of and to a in that is was he for it with as his on be at by i this had not are "
            + "but from or have an they which one you were her all she there would their we him been has when who will more no "
            + "if out so said what up its about into than them can only other new some could time these two may then do first "
            + "any my now such like our over man me even most made after also did many before must through back years where "
            + "much your way well down should because each just those people server news group article feed peer thread reply "
            + "quoted wrote message posting").split(" ");

    /** About 2 KB of text: lines of words, a quoted paragraph, a signature. */
    static String body(Random r) {
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < 30; line++) {
            if (line < 6) {
                b.append("> ");
            }
            int len = 0;
            while (len < 65) {
                String w = WORDS[r.nextInt(WORDS.length)];
                b.append(w).append(' ');
                len += w.length() + 1;
            }
            b.append("\r\n");
        }
        return b.append("-- \r\nposter from the bench\r\n").toString();
    }
}
