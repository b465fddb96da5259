package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;

/** `newsnode serve` as a real separate JVM: logs, SIGTERM, kill -9 durability, CLI against it. */
@org.junit.jupiter.api.extension.ExtendWith(KillNodeProcesses.class)
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on [0-9.]+:(\\d+)");

    @TempDir
    Path dir;

    /** A node process and its stdout lines. */
    /** Every node process a test started; {@link KillNodeProcesses} ends them after each test. */
    static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static final class NodeProcess {
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

    @Test
    void acknowledgedArticlesSurviveKillDashNineAndSigtermStopsCleanly() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "proc.test", "--listen", "127.0.0.1:0").code());
        NodeProcess node = new NodeProcess(home);
        List<String> acked = new ArrayList<>();
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", node.port)) {
            for (int i = 0; i < 200; i++) {
                String r = c.post(NntpTestClient.article("local.test", "durable " + i, "body " + i));
                assertTrue(r.startsWith("240 "), r);
                acked.add(r.substring(r.indexOf('<')));
            }
        }
        node.waitFor("accepted " + acked.get(acked.size() - 1));
        // SIGKILL right after the last 240: no shutdown hook, no clean close of the database
        node.process.destroyForcibly();
        assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, node.process.exitValue());
        assertTrue(Files.exists(home.resolve("control.sock")), "a killed node leaves its control socket behind");

        // the CLI falls back to the database when the control file is stale
        CliTest.Run list = CliTest.run("group", "list", "--home", home.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().matches("(?s).*local\\.test\\s+y\\s+200\\s+1\\s+200.*"), list.out());

        NodeProcess again = new NodeProcess(home);
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", again.port)) {
            assertEquals("211 200 1 200 local.test", c.cmd("GROUP local.test"), () -> "the restarted node said:\n" + String.join("\n", again.all));
            for (String id : acked) {
                String stat = c.cmd("STAT " + id);
                assertTrue(stat.startsWith("223 0 " + id), id + " -> " + stat);
            }
            // the CLI talks to the running separate process through its control channel
            CliTest.Run create = CliTest.run("group", "create", "local.fromcli", "--home", home.toString());
            assertEquals(0, create.code(), create.err());
            assertEquals("211 0 1 0 local.fromcli", c.cmd("GROUP local.fromcli"));
            again.waitFor("ran `newsnode group create local.fromcli");

            // SIGHUP re-reads the configuration: a user added to the file can log in at once
            Path toml = home.resolve("newsnode.toml");
            Files.writeString(toml, Files.readString(toml) + "\n[[user]]\nname = \"hup\"\npassword = \""
                    + org.newsnode.storage.config.PasswordHash.create("pw".toCharArray(), 2_000) + "\"\n");
            if (again.all.stream().anyMatch(l -> l.contains("SIGHUP is ignored by this process"))) {
                // the tests run under nohup: the JVM cannot take SIGHUP and the node said so at start; reload the other way
                assertEquals(0, CliTest.run("reload", "--home", home.toString()).code());
            } else {
                new ProcessBuilder("kill", "-HUP", Long.toString(again.process.pid())).start().waitFor();
            }
            again.waitFor("configuration reloaded: peers [], 1 users");
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER hup"));
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS pw"));
        }
        again.process.destroy(); // SIGTERM
        assertTrue(again.process.waitFor(30, TimeUnit.SECONDS));
        again.waitFor("stopped");
        assertEquals(143, again.process.exitValue(), "exit status of a JVM stopped by SIGTERM");
        assertEquals(false, Files.exists(home.resolve("control.sock")));
        assertTrue(again.all.stream().anyMatch(l -> l.contains("session reader hup@127.0.0.1:") && l.contains("closed after")),
                "one log line per session");
        assertTrue(new File(home.toFile(), "data/newsnode.mv.db").length() > 0);
    }
}
