package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node-process fixture: `newsnode serve` in a separate JVM on this build's classpath, its
 * output read line by line from a file, its port from the "listening on" line; ended after
 * each test by {@link KillNodeProcesses}.
 */
final class NodeProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on [0-9.]+:(\\d+)");
    /** Every node process a test started; {@link KillNodeProcesses} ends them after each test. */
    static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();
    int port;

    NodeProcess(Path home, String... jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // output goes to a file: reading a pipe races with the JDK draining it when the process dies
        Path log = Files.createTempFile(home.getParent(), "node", ".log");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--home", home.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        STARTED.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                StringBuilder partial = new StringBuilder();
                while (true) {
                    int ch = r.read();
                    if (ch < 0) {
                        if (!process.isAlive() && !r.ready()) {
                            Thread.sleep(200);
                            if (!r.ready()) {
                                break;
                            }
                        }
                        Thread.sleep(20);
                        continue;
                    }
                    if (ch == '\n') {
                        lines.add(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append((char) ch);
                    }
                }
            } catch (Exception ignored) {
                // test thread reports what it saw
            }
        });
        reader.setDaemon(true);
        reader.start();
        String line = waitFor("listening on");
        Matcher m = LISTENING.matcher(line);
        assertTrue(m.find(), line);
        port = Integer.parseInt(m.group(1));
    }

    String waitFor(String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l != null) {
                all.add(l);
                for (String text : texts) {
                    if (l.contains(text)) {
                        return l;
                    }
                }
            }
            if (l == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("node never logged \"" + String.join("\" or \"", texts) + "\"; exit " + (process.isAlive() ? "-" : process.exitValue())
                + "; output:\n" + String.join("\n", all));
    }
}
