package org.newsnode.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newsnode.cli.NodeHome;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.config.PasswordHash;

/**
 * A node under a hostile reader (not a test): the node runs as its own JVM (-Xmx256m, as an
 * attacker would find it), a bystander asks DATE every 20 ms, and each phase plays one attack
 * for a while: pipelining ARTICLE/OVER without reading, posting 1 MB Newsgroups headers, a
 * COMPRESS bomb, 40 parallel wrong passwords. Per phase it prints the bystander's DATE
 * latency (median, p99, max), the node's heap in use sampled every second (garbage included:
 * an upper bound) and what is live halfway through the attack (jcmd GC.class_histogram, which
 * collects the whole heap first).
 *
 * <pre>java -cp ... org.newsnode.cli.bench.HostileReaderBench [seconds-per-phase] [port]</pre>
 */
public final class HostileReaderBench {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final String HOST = "127.0.0.1";
    /** The attackers' sockets: closed at the end of their phase (a writer blocked on a full socket sees no flag). */
    private static final List<Socket> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static String only = "";

    private HostileReaderBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 11994;
        only = args.length > 2 ? args[2] : ""; // a phase-name substring, to run one alone
        Path dir = Files.createTempDirectory("hostile");
        NodeHome home = new NodeHome(dir.resolve("node"));
        home.init("hostile.bench", HOST + ":" + port);
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + "\n[[user]]\nname = \"alice\"\npassword = \""
                + PasswordHash.create("right".toCharArray()) + "\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process node = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "org.newsnode.cli.Main", "serve", "--home", home.dir().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        try {
            awaitListening(dir.resolve("node.log"));
            String big = seed(port);
            System.out.printf("node pid %d, heap limit 256 MiB, %d s per phase%n", node.pid(), seconds);
            System.out.printf("%-34s %9s %9s %9s %13s %13s %6s%n", "phase", "DATE p50", "p99", "max", "heap in use",
                    "live (mid)", "alive");
            phase("quiet (no attack)", seconds, port, node, stop -> { });
            phase("pipelined ARTICLE/OVER, no reads", seconds, port, node, stop -> pipelineWithoutReading(port, big, stop));
            phase("POST with 1 MB Newsgroups", seconds, port, node, stop -> hugeNewsgroups(port, stop));
            phase("COMPRESS bomb", seconds, port, node, stop -> compressBomb(port, stop));
            phase("40 parallel wrong passwords", seconds, port, node, stop -> wrongPasswords(port, stop));
            phase("all of them at once", seconds, port, node, stop -> {
                pipelineWithoutReading(port, big, stop);
                hugeNewsgroups(port, stop);
                compressBomb(port, stop);
                wrongPasswords(port, stop);
            });
        } finally {
            node.destroy();
            node.waitFor(40, TimeUnit.SECONDS);
        }
    }

    private interface Attack {
        void start(AtomicBoolean stop) throws Exception;
    }

    private static void phase(String name, int seconds, int port, Process node, Attack attack) throws Exception {
        if (!name.contains(only) && !name.startsWith("quiet")) {
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        attack.start(stop);
        List<Long> latencies = new ArrayList<>();
        long heapMax = 0;
        long live = -1;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long middle = System.nanoTime() + seconds * 500_000_000L;
        long nextHeap = 0;
        try (NntpTestClient bystander = new NntpTestClient(HOST, port)) {
            while (System.nanoTime() < end && node.isAlive()) {
                long t0 = System.nanoTime();
                String r = bystander.cmd("DATE");
                long us = (System.nanoTime() - t0) / 1_000;
                if (!r.startsWith("111 ")) {
                    throw new IllegalStateException("bystander got " + r);
                }
                latencies.add(us);
                if (System.nanoTime() > nextHeap) {
                    heapMax = Math.max(heapMax, heapUsedKb(node.pid()));
                    nextHeap = System.nanoTime() + 1_000_000_000L;
                }
                if (live < 0 && System.nanoTime() > middle) {
                    live = liveKb(node.pid()); // what the attack keeps alive
                }
                Thread.sleep(20);
            }
        } finally {
            stop.set(true);
            for (Socket s : OPEN) {
                s.close();
            }
            OPEN.clear();
        }
        latencies.sort(null);
        Thread.sleep(2_000); // the attackers hang up and the node cleans up before the next phase
        System.out.printf("%-34s %7.2f ms %6.2f ms %6.1f ms %9.1f MiB %9.1f MiB %6s%n", name, pct(latencies, 50) / 1000.0,
                pct(latencies, 99) / 1000.0, latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1000.0,
                heapMax / 1024.0, live / 1024.0, node.isAlive() ? "yes" : "NO");
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long heapUsedKb(long pid) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = USED.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static final Pattern TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");

    /** Octets of live objects: jcmd's class histogram, which collects the whole heap first. */
    private static long liveKb(long pid) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = TOTAL.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : 0;
    }

    private static void awaitListening(Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the node did not start:\n" + Files.readString(log));
    }

    /** 3,000 overview rows and one 100 KB article to ask for; returns that article's Message-ID. */
    private static String seed(int port) throws Exception {
        try (NntpTestClient c = new NntpTestClient(HOST, port)) {
            for (int i = 0; i < 3_000; i++) {
                c.post(NntpTestClient.article("local.test", "seed " + i + " " + "s".repeat(100), "b"));
            }
            String r = c.post(NntpTestClient.article("local.test", "big", ("x".repeat(76) + "\r\n").repeat(1_300)));
            return r.substring(r.indexOf('<'));
        }
    }

    private static void background(Runnable r) {
        Thread t = new Thread(r, "attacker");
        t.setDaemon(true);
        t.start();
    }

    /** Connections that ask for ~1 GB of replies and never read a byte of them. */
    private static void pipelineWithoutReading(int port, String big, AtomicBoolean stop) {
        for (int i = 0; i < 4; i++) {
            boolean over = i % 2 == 1;
            background(() -> {
                try (Socket s = open(port)) {
                    s.setReceiveBufferSize(4096);
                    OutputStream out = s.getOutputStream();
                    byte[] burst = ((over ? "GROUP local.test\r\n" + "OVER 1-3000\r\n".repeat(500)
                            : ("ARTICLE " + big + "\r\n").repeat(500))).getBytes(StandardCharsets.US_ASCII);
                    while (!stop.get()) {
                        out.write(burst); // blocks once the node stops reading: that is the point
                    }
                } catch (Exception e) {
                    // closed by the node or by the end of the phase
                }
            });
        }
    }

    /** POSTs whose Newsgroups header alone is ~950 KB (just under articles.max-size, so it is parsed). */
    private static void hugeNewsgroups(int port, AtomicBoolean stop) {
        StringBuilder groups = new StringBuilder("local.test");
        while (groups.length() < 950_000) {
            groups.append(",alt.flood.g").append(groups.length());
        }
        byte[] post = "POST\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = (NntpTestClient.dotStuff(NntpTestClient.article(groups.toString(), "wide", "x")) + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) {
            background(() -> {
                try (Socket s = open(port)) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    readLine(in);
                    while (!stop.get()) {
                        out.write(post);
                        if (!readLine(in).startsWith("340")) {
                            return;
                        }
                        out.write(body);
                        readLine(in);
                    }
                } catch (Exception e) {
                    // closed
                }
            });
        }
    }

    /** COMPRESS DEFLATE, then a stream that inflates to 400 MB of DATE commands, again and again, unread. */
    private static void compressBomb(int port, AtomicBoolean stop) throws Exception {
        byte[] bomb = org.newsnode.nntp.testing.CompressBomb.dates();
        for (int i = 0; i < 2; i++) {
            background(() -> {
                try (Socket s = open(port)) {
                    s.setReceiveBufferSize(4096);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    readLine(in);
                    out.write("COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(in);
                    while (!stop.get()) {
                        out.write(bomb); // one stream: the next copy continues it
                    }
                } catch (Exception e) {
                    // closed
                }
            });
        }
    }

    /** 40 connections guessing alice's password as fast as the node answers. */
    private static void wrongPasswords(int port, AtomicBoolean stop) {
        for (int i = 0; i < 40; i++) {
            int n = i;
            background(() -> {
                try (Socket s = open(port)) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    readLine(in);
                    for (int k = 0; !stop.get(); k++) {
                        out.write(("AUTHINFO USER alice\r\nAUTHINFO PASS guess" + n + "-" + k + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        readLine(in);
                        readLine(in);
                    }
                } catch (Exception e) {
                    // closed
                }
            });
        }
    }

    private static Socket open(int port) throws java.io.IOException {
        Socket s = new Socket(HOST, port);
        OPEN.add(s);
        return s;
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0) {
            throw new java.io.EOFException();
        }
        return b.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
