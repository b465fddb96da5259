package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;

/**
 * One process per node home (a second start changes nothing and says who holds it), and
 * files only the node's user can read.
 */
@ExtendWith(KillNodeProcesses.class)
class HomeSafetyTest {
    @TempDir
    Path dir;

    /** Runs the CLI as a separate JVM; returns exit code and combined output. */
    static CliTest.Run cliProcess(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        NodeProcess.STARTED.add(p);
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the second process ended");
        return new CliTest.Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aSecondStartOrAnAdminCommandThatMissesTheNodeIsRefusedAndLosesNothing() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "lock.test", "--listen", "127.0.0.1:0").code());
        NodeProcess node = new NodeProcess(home);
        List<String> acked = new ArrayList<>();
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", node.port)) {
            for (int i = 0; i < 50; i++) {
                String r = c.post(NntpTestClient.article("local.test", "held " + i, "body " + i));
                assertTrue(r.startsWith("240 "), r);
                acked.add(r.substring(r.indexOf('<')));
            }
        }
        String inUse = "node home " + home + " is in use by process " + node.process.pid();
        CliTest.Run second = cliProcess("serve", "--home", home.toString());
        assertEquals(3, second.code(), second.out());
        assertTrue(second.out().contains("newsnode serve: " + inUse), second.out());

        // an admin command that cannot reach the node (its socket gone) must not open the store
        Files.delete(home.resolve("control.sock"));
        CliTest.Run admin = cliProcess("group", "create", "local.sneaky", "--home", home.toString());
        assertEquals(3, admin.code(), admin.out());
        assertTrue(admin.out().contains(inUse), admin.out());
        try (Stream<Path> files = Files.list(home.resolve("data"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.contains("damaged")), "the live database was not moved aside: " + names);
            assertFalse(names.contains("clean-stop"), "only the holder writes the clean-stop mark: " + names);
        }

        node.process.destroyForcibly(); // kill -9: the OS drops the lock with the process
        assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
        NodeProcess again = new NodeProcess(home);
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", again.port)) {
            assertEquals("211 50 1 50 local.test", c.cmd("GROUP local.test"));
            for (String id : acked) {
                assertTrue(c.cmd("STAT " + id).startsWith("223 0 " + id), id);
            }
            assertEquals("411 No such group local.sneaky", c.cmd("GROUP local.sneaky"));
        }
    }

    @Test
    void aNodeStartedWithoutExitOnOutOfMemoryErrorSaysSo() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "oom.test", "--listen", "127.0.0.1:0").code());
        String warning = "the JVM runs without -XX:+ExitOnOutOfMemoryError";
        NodeProcess bare = new NodeProcess(home);
        bare.waitFor(warning);
        bare.process.destroy();
        assertTrue(bare.process.waitFor(30, TimeUnit.SECONDS));
        NodeProcess flagged = new NodeProcess(home, "-XX:+ExitOnOutOfMemoryError");
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", flagged.port)) {
            assertTrue(c.cmd("DATE").startsWith("111 "));
        }
        assertFalse(flagged.all.stream().anyMatch(l -> l.contains(warning)), String.join("\n", flagged.all));
    }

    @Test
    void theStoreCannotBeOpenedTwiceInOneProcessEither() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "lock.test", "--listen", "127.0.0.1:0").code());
        NodeHome h = new NodeHome(home);
        try (var first = h.openStorage(h.loadConfig())) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.newsnode.storage.store.StoreInUseException.class,
                    () -> h.openStorage(h.loadConfig()));
            assertEquals(Long.toString(ProcessHandle.current().pid()), e.pid());
            assertTrue(first.groups().size() >= 2, "the first opener still works");
        }
        try (var reopened = h.openStorage(h.loadConfig())) {
            assertTrue(reopened.groups().size() >= 2, "closing releases the lock");
        }
    }

    @Test
    void homeDataAndConfigAreOwnerOnlyAndStaySoOnEveryRewrite() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "perm.test", "--listen", "127.0.0.1:0").code());
        assertEquals("rwx------", mode(home));
        assertEquals("rwx------", mode(home.resolve("data")));
        assertEquals("rw-------", mode(home.resolve("newsnode.toml")));
        assertEquals("rw-------", mode(home.resolve("data").resolve("lock")));
        CliTest.Run add = CliTest.run("peer", "add", "b", "--host", "127.0.0.2", "--path-identity", "b.test",
                "--login-user", "me", "--login-password", "secret", "--home", home.toString());
        assertEquals(0, add.code(), add.err());
        assertEquals("rw-------", mode(home.resolve("newsnode.toml")), "peer add keeps the config owner-only");
        assertEquals(0, CliTest.run("tls", "self-signed", "--home", home.toString()).code());
        assertEquals("rw-------", mode(home.resolve("newsnode.toml")), "tls self-signed keeps the config owner-only");

        // a home opened up by hand is named at start
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("newsnode.toml"), PosixFilePermissions.fromString("rw-r--r--"));
        NodeProcess node = new NodeProcess(home);
        String warnHome = home + " is rwxr-xr-x: other local users can read it; chmod 700 " + home;
        String warnConfig = home.resolve("newsnode.toml") + " is rw-r--r--: other local users can read it; chmod 600";
        assertTrue(node.all.stream().anyMatch(l -> l.contains(warnHome)), String.join("\n", node.all));
        assertTrue(node.all.stream().anyMatch(l -> l.contains(warnConfig)), String.join("\n", node.all));
        assertEquals("rw-------", mode(home.resolve("control.sock")));
        assertTrue(node.all.stream().anyMatch(l -> l.contains("peer b is known by its address 127.0.0.2 alone, a loopback address "
                + "any local process can use")), "a peer without a login on a loopback address is named at start");
    }
}
