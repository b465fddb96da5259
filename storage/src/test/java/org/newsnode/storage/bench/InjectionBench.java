package org.newsnode.storage.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.intake.Injection;
import org.newsnode.storage.store.Storage;

/**
 * The injecting agent's CPU per POST (not a test): {@link Injection#prepare} on 1,000
 * distinct ~2 KiB posts (Date and Message-ID given, a Cancel-Lock added) in rounds of R,
 * the first four untimed (the JIT); prints each timed round's µs per prepare and their median.
 *
 * <pre>java -cp ... org.newsnode.storage.bench.InjectionBench [R]</pre>
 */
public final class InjectionBench {
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("injection-bench");
        try (Storage s = Storage.open(dir, 16, Clock.systemUTC())) {
            s.createGroup("local.post", "bench", 'y', "bench").join();
            Injection injection = new Injection(s, "bench.node", Duration.ofDays(10),
                    "a node's cancel-lock secret".getBytes(StandardCharsets.US_ASCII));
            Instant now = Instant.now();
            byte[][] posts = new byte[1000][];
            String body = ("x".repeat(60) + "\r\n").repeat(30);
            for (int i = 0; i < posts.length; i++) {
                posts[i] = ("From: Poster <p@example.org>\r\nNewsgroups: local.post\r\nSubject: test " + i
                        + "\r\nDate: " + NetnewsDates.format(now) + "\r\nUser-Agent: bench\r\nMessage-ID: <m" + i
                        + "@example.org>\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
            }
            double[] timed = new double[8];
            for (int round = 0; round < 4 + timed.length; round++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < perRound; k++) {
                    injection.prepare(posts[k % posts.length], "<r" + k + "@bench.node>", "127.0.0.1", now);
                }
                double us = (System.nanoTime() - t0) / 1e3 / perRound;
                if (round >= 4) {
                    timed[round - 4] = us;
                    System.out.printf("round %d: %.2f µs per prepare%n", round - 3, us);
                }
            }
            Arrays.sort(timed);
            System.out.printf("median %.2f µs per prepare%n", (timed[3] + timed[4]) / 2);
        }
    }
}
