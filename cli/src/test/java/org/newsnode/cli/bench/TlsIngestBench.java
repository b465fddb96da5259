package org.newsnode.cli.bench;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.newsnode.cli.Node;
import org.newsnode.cli.NodeHome;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.nntp.net.TlsContexts;

/**
 * Plain vs TLS ingest (not a test): one in-JVM node with a self-signed certificate; runs of
 * CHECK+TAKETHIS streaming (window 64) over C connections, alternating plain and STARTTLS,
 * fresh Message-IDs each run; prints articles/s per run and the medians' ratio.
 *
 * <pre>java -cp ... org.newsnode.cli.bench.TlsIngestBench [articles per run] [connections] [pairs] [port]</pre>
 */
public final class TlsIngestBench {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int conns = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 11998;
        Path dir = Files.createTempDirectory("tls-bench");
        NodeHome home = new NodeHome(dir.resolve("node"));
        home.init("tls.bench", HOST + ":" + port);
        org.newsnode.cli.BenchAccess.selfSigned(home);
        // the load client feeds as an injector: no queue rows, the same acceptance path as a peer
        Files.writeString(home.configFile(), Files.readString(home.configFile())
                + "\n[[access]]\nname = \"bench\"\naddresses = [\"127.0.0.0/8\"]\nfeed = true\n");
        NodeConfig c = home.loadConfig();
        String fp = TlsContexts.fingerprint(TlsContexts.chain(c.tls(), home.dir()).get(0));
        SSLContext trust = TlsContexts.client(c.tls(), home.dir(), fp, "bench");
        List<Double> plain = new ArrayList<>();
        List<Double> tls = new ArrayList<>();
        try (Node node = Node.start(home, c)) {
            run(port, 40_000, conns, null, "warmup-p"); // the JIT needs tens of thousands of articles
            run(port, 40_000, conns, trust, "warmup-t");
            for (int i = 0; i < pairs; i++) {
                double p = run(port, perRun, conns, null, "p" + i);
                double t = run(port, perRun, conns, trust, "t" + i);
                plain.add(p);
                tls.add(t);
                System.out.printf("pair %d: plain %.0f/s, TLS %.0f/s%n", i + 1, p, t);
            }
        }
        double mp = median(plain);
        double mt = median(tls);
        System.out.printf("median plain %.0f/s, TLS %.0f/s, TLS/plain %.2f (%d articles per run, %d connections)%n",
                mp, mt, mt / mp, perRun, conns);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** Articles/s for one run of n articles over conns connections. */
    private static double run(int port, int n, int conns, SSLContext tls, String tag) throws Exception {
        Thread[] threads = new Thread[conns];
        Throwable[] failed = new Throwable[1];
        long t0 = System.nanoTime();
        for (int k = 0; k < conns; k++) {
            int share = n / conns;
            String prefix = tag + "." + k + "." + System.nanoTime();
            threads[k] = new Thread(() -> {
                try {
                    feed(port, share, tls, prefix);
                } catch (Throwable e) {
                    failed[0] = e;
                }
            });
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed[0] != null) {
            throw new IllegalStateException(failed[0]);
        }
        return (n / conns * conns) / ((System.nanoTime() - t0) / 1e9);
    }

    private static void feed(int port, int n, SSLContext tls, String prefix) throws Exception {
        Socket s = new Socket(HOST, port);
        s.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        line(in); // greeting
        if (tls != null) {
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!line(in).startsWith("382")) {
                throw new IllegalStateException("no STARTTLS");
            }
            SSLSocket ss = (SSLSocket) tls.getSocketFactory().createSocket(s, HOST, port, true);
            ss.startHandshake();
            s = ss;
            in = new BufferedInputStream(ss.getInputStream());
            out = new java.io.BufferedOutputStream(ss.getOutputStream(), 64 * 1024);
        } else {
            out = new java.io.BufferedOutputStream(out, 64 * 1024);
        }
        out.write("MODE STREAM\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        line(in);
        Semaphore window = new Semaphore(64);
        InputStream fin = in;
        int[] got = new int[1];
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    String r = line(fin);
                    if (!r.startsWith("239")) {
                        throw new IllegalStateException(r);
                    }
                    got[0]++;
                    window.release();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        String body = "A line of ordinary discussion text, about as long as people write them.\r\n".repeat(26);
        String date = NetnewsDates.format(java.time.Instant.now());
        for (int i = 0; i < n; i++) {
            String id = "<" + prefix + "." + i + "@bench.example>";
            String article = "Path: bench.example!not-for-mail\r\nFrom: Bench <bench@example.org>\r\nNewsgroups: local.test\r\n"
                    + "Subject: ingest " + i + "\r\nDate: " + date + "\r\nMessage-ID: " + id + "\r\n\r\n" + body;
            window.acquire();
            out.write(("TAKETHIS " + id + "\r\n" + article + ".\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (window.availablePermits() == 0 || i == n - 1) {
                out.flush();
            }
        }
        out.flush();
        reader.join();
        s.close();
        if (got[0] != n) {
            throw new IllegalStateException("only " + got[0] + " of " + n + " answered");
        }
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
