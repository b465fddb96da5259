package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;

/** `newsnode serve` as a real separate JVM: logs, SIGTERM, kill -9 durability, CLI against it. */
@org.junit.jupiter.api.extension.ExtendWith(KillNodeProcesses.class)
class ServeProcessTest {
    @TempDir
    Path dir;



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
