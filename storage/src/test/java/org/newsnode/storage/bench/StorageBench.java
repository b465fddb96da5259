package org.newsnode.storage.bench;

import org.newsnode.storage.store.Arrival;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;

/**
 * Storage ingest benchmark (not a test): stores N ~2 KiB articles one at a time (each waits
 * for its commit, like one posting connection) and then N more from T threads (like T
 * connections, exercising group commit); prints articles/s, commits and the writer thread's
 * CPU per article. With P peers each article is also queued for P peers, and each run ends
 * by paging through every peer's queue and removing the rows as a feed does (the writer's
 * CPU then includes the queue's inserts and deletes).
 *
 * <pre>java -cp ... org.newsnode.storage.bench.StorageBench [N] [T] [dir] [fsync] [P]</pre>
 */
public final class StorageBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("storage-bench");
        Random rnd = new Random(1);
        boolean fsync = args.length > 3 && Boolean.parseBoolean(args[3]);
        int peers = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        try (Storage s = Storage.open(dir, 64, fsync, Clock.systemUTC())) {
            StringBuilder toml = new StringBuilder("path-identity = \"bench\"\n");
            for (int p = 0; p < peers; p++) {
                toml.append("[[peer]]\nname = \"p").append(p).append("\"\nhost = \"127.0.0.1\"\nport = 9\npath-identity = \"p").append(p)
                        .append(".bench\"\n");
            }
            List<PeerConfig> configured = NodeConfig.parse(toml.toString(), "bench.toml").peers();
            s.setPeers(configured);
            peerNames = configured.stream().map(PeerConfig::name).toList();
            s.createGroup("local.bench", "", 'y', "bench").join();
            run(s, "warm", n, 1, rnd);
            run(s, "serial", n, 1, rnd);
            run(s, "threads" + window, n, window, rnd);
        }
    }

    /** The peers every article is queued for. */
    private static List<String> peerNames = List.of();

    private static void run(Storage s, String label, int n, int window, Random rnd) throws Exception {
        List<Article> arts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "x".repeat(1024 + rnd.nextInt(2048)) + "\r\n";
            arts.add(Article.parse(("Path: bench!not-for-mail\r\nFrom: b@bench.example\r\nNewsgroups: local.bench\r\n"
                    + "Subject: bench " + label + i + "\r\nDate: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + label + i
                    + "@bench.example>\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1)));
        }
        var before = s.writer().counters();
        long cpu0 = writerCpu();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < window; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                for (int i = first; i < n; i += window) {
                    Article a = arts.get(i);
                    s.store(Arrival.local(a, a.header("Message-ID"), List.of("local.bench"), 0, "bench")).join();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        var after = s.writer().counters();
        for (String peer : peerNames) {
            drain(s, peer);
        }
        double cpuPer = (writerCpu() - cpu0) / 1e3 / n;
        System.out.printf("%-10s %7d articles in %6.2f s = %8.0f articles/s, %d commits, writer %.1f us CPU/article%n", label,
                n, secs, n / secs, after.batches() - before.batches(), cpuPer);
    }

    /** Takes a peer's queue away page by page, as its feed does once the peer answered. */
    private static void drain(Storage s, String peer) {
        long after = 0;
        List<PeerQueues.Queued> page;
        while (!(page = s.queues().page(peer, after, 256)).isEmpty()) {
            List<Long> seqs = page.stream().map(PeerQueues.Queued::seq).toList();
            for (int i = 0; i < seqs.size(); i += 64) {
                s.queues().dequeue(peer, seqs.subList(i, Math.min(seqs.size(), i + 64))).join();
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /** CPU time of the store's writer thread so far, ns. */
    private static long writerCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("store-writer")) {
                return mx.getThreadCpuTime(t.getThreadId());
            }
        }
        throw new IllegalStateException("no store-writer thread");
    }
}
