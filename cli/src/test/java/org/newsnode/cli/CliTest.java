package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void groupSetChangesStatusAndDescriptionAndSaysWhatIsWrong(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String home = dir.resolve("h").toString();
        assertEquals(0, run("init", home, "--path-identity", "set.test", "--listen", "127.0.0.1:0").code());
        Run set = run("group", "set", "local.test", "--moderated", "--description", "Moderated now", "--home", home);
        assertEquals(0, set.code(), set.err());
        assertEquals("changed local.test (m): Moderated now", set.out().strip());
        assertTrue(run("group", "list", "--home", home).out().lines()
                .anyMatch(l -> l.matches("local\\.test\\s+m\\s+0\\s+1\\s+0\\s+Moderated now")), "group list shows it");
        assertEquals(2, run("group", "set", "local.test", "--home", home).code(), "nothing to change");
        assertEquals(2, run("group", "set", "local.test", "--moderated", "--posting", "--home", home).code(), "two statuses");
        Run none = run("group", "set", "no.such", "--posting", "--home", home);
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no such group no.such"), none.err());
    }

    @Test
    void versionAndHelpWithExamples() {
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("newsnode "), v.out());
        for (List<String> cmd : List.<List<String>>of(List.of(), List.of("init"), List.of("serve"), List.of("group"),
                List.of("group", "create"), List.of("group", "set"), List.of("group", "list"), List.of("group", "remove"), List.of("peer"),
                List.of("peer", "add"), List.of("peer", "set"), List.of("peer", "remove"), List.of("peer", "list"), List.of("feeds"),
                List.of("expire"), List.of("user"), List.of("user", "add"), List.of("user", "remove"), List.of("user", "list"),
                List.of("reload"), List.of("check-config"), List.of("post"), List.of("article"), List.of("import"), List.of("export"),
                List.of("completion"))) {
            String[] args = new String[cmd.size() + 1];
            for (int i = 0; i < cmd.size(); i++) {
                args[i] = cmd.get(i);
            }
            args[cmd.size()] = "--help";
            Run h = run(args);
            assertEquals(0, h.code(), cmd.toString());
            assertTrue(h.out().contains("Example"), "help of " + cmd + " shows an example:\n" + h.out());
        }
    }

    @Test
    void initCreatesAHomeAndRefusesToOverwrite() throws Exception {
        Path home = dir.resolve("node");
        Run r = run("init", home.toString(), "--path-identity", "news.example.org", "--listen", "127.0.0.1:11119");
        assertEquals(0, r.code(), r.err());
        String toml = Files.readString(home.resolve("newsnode.toml"));
        assertTrue(toml.contains("path-identity = \"news.example.org\""));
        assertTrue(toml.contains("listen = [\"127.0.0.1:11119\"]"));
        assertTrue(Files.exists(home.resolve("data/newsnode.mv.db")));
        Run list = run("group", "list", "--home", home.toString());
        assertTrue(list.out().contains("local.general") && list.out().contains("local.test"), list.out());
        Run again = run("init", home.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void initRejectsBadOptionsNamingThem() {
        Run r = run("init", dir.resolve("a").toString(), "--path-identity", "bad name");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--path-identity"), r.err());
        Run l = run("init", dir.resolve("b").toString(), "--listen", "nowhere");
        assertEquals(2, l.code());
        assertTrue(l.err().contains("--listen: \"nowhere\" is not HOST:PORT"), l.err());
        assertFalse(Files.exists(dir.resolve("b/newsnode.toml")));
    }

    @Test
    void serveRefusesABadConfigNamingKeyAndLine() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Path toml = home.resolve("newsnode.toml");
        Files.writeString(toml, Files.readString(toml).replace("cache-mb = 64", "cache-mb = \"lots\""));
        Run r = run("serve", "--home", home.toString());
        assertEquals(3, r.code(), "exit code 3: configuration");
        assertTrue(r.err().matches("(?s).*newsnode\\.toml line \\d+: storage\\.cache-mb: expected a whole number.*"), r.err());
    }

    @Test
    void storagePathPutsTheDatabaseElsewhere() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Path toml = home.resolve("newsnode.toml");
        Files.writeString(toml, Files.readString(toml).replace("# path = \"data\"", "path = \"store/db\""));
        Run create = run("group", "create", "local.moved", "--home", home.toString());
        assertEquals(0, create.code(), create.err());
        assertTrue(Files.exists(home.resolve("store/db/newsnode.mv.db")), "the database is where storage.path says");
        assertTrue(Files.isDirectory(home.resolve("store/db/articles")));
        assertTrue(run("group", "list", "--home", home.toString()).out().contains("local.moved"));
    }

    @Test
    void completionErrorsAndExitCodes() throws Exception {
        Run completion = run("completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains("complete -F") && completion.out().contains("check-config")
                && completion.out().contains("--save-attachments"), "a bash completion script for every command");
        Run noHome = run("group", "list", "--home", dir.resolve("absent").toString());
        assertEquals(3, noHome.code(), "configuration");
        assertTrue(noHome.err().startsWith("newsnode: ") && noHome.err().contains("no such file (run `newsnode init")
                && noHome.err().strip().lines().count() == 1, noHome.err());
        assertEquals(2, run("group", "create").code(), "usage");
        assertEquals(2, run("no-such-command").code(), "usage");
    }

    @Test
    void checkConfigNamesKeyAndLineWithExitCodeThree() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Run ok = run("check-config", "--home", home.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("newsnode.toml: valid (path identity n1"), ok.out());
        String base = Files.readString(home.resolve("newsnode.toml"));
        String peer = "\n[[peer]]\nname = \"b\"\nhost = \"h\"\npath-identity = \"b\"\n";
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(base + "\nbogus = 1\n", "bogus: unknown key");
        cases.put(base.replace("cache-mb = 64", "cache-mb = \"lots\""), "storage.cache-mb: expected a whole number");
        cases.put(base + peer + "groups = \"local.[\"\n", "peer[1].groups: unclosed \"[\" in wildmat \"local.[\"");
        cases.put(base + peer + "port = 70000\n", "peer[1].port: 70000 is out of range 1..65535");
        cases.put(base + peer + peer, "peer[2].name: a peer named \"b\" is already defined");
        cases.put(base.replace("distrib-pats = []", "distrib-pats = [\"10:local.[:local\"]"),
                "server.distrib-pats: \"local.[\" is not a valid wildmat");
        cases.put(base.replace("127.0.0.1:1119", "127.0.0.1:99999"), "server.listen: \"127.0.0.1:99999\": port out of range");
        for (var c : cases.entrySet()) {
            Path f = dir.resolve("bad.toml");
            Files.writeString(f, c.getKey());
            Run r = run("check-config", f.toString());
            assertEquals(3, r.code(), c.getValue());
            assertTrue(r.err().matches("(?s)newsnode check-config: .*bad\\.toml line \\d+: .*") && r.err().contains(c.getValue()),
                    c.getValue() + " -> " + r.err());
        }
    }

    @Test
    void groupCommandsWithoutARunningNode() {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Run c = run("group", "create", "local.mod", "--moderated", "--description", "Moderated talk", "--home", home.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals("created local.mod (m)\n", c.out());
        Run dup = run("group", "create", "local.mod", "--home", home.toString());
        assertEquals(1, dup.code());
        assertEquals("newsnode group create: group local.mod already exists\n", dup.err());
        assertTrue(run("group", "list", "--home", home.toString()).out().contains("Moderated talk"));
        assertEquals(0, run("group", "remove", "local.mod", "--home", home.toString()).code());
        assertFalse(run("group", "list", "--home", home.toString()).out().contains("local.mod"));
        Run missing = run("group", "remove", "local.mod", "--home", home.toString());
        assertEquals(1, missing.code());
        assertEquals("newsnode group remove: no such group local.mod\n", missing.err());
    }

    @Test
    void groupCommandsReachTheRunningNodeWhichSeesTheChangeAtOnce() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1", "--listen", "127.0.0.1:0").code());
        NodeHome nodeHome = new NodeHome(home);
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig());
             NntpTestClient c = new NntpTestClient("127.0.0.1", node.listening().get(0).getPort())) {
            assertTrue(Files.exists(home.resolve("control.sock")));
            assertEquals("411 No such group local.live", c.cmd("GROUP local.live"));
            Run r = run("group", "create", "local.live", "--description", "Created live", "--home", home.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("created local.live (y)\n", r.out());
            assertEquals("211 0 1 0 local.live", c.cmd("GROUP local.live"));
            assertTrue(c.post(NntpTestClient.article("local.live", "hi", "x")).startsWith("240"));
            Run list = run("group", "list", "--home", home.toString());
            assertTrue(list.out().matches("(?s).*local\\.live\\s+y\\s+1\\s+1\\s+1\\s+Created live.*"), list.out());
            Run dup = run("group", "create", "local.live", "--home", home.toString());
            assertEquals(1, dup.code());
            assertTrue(dup.err().contains("group local.live already exists"), dup.err());
            assertEquals(0, run("group", "remove", "local.live", "--home", home.toString()).code());
            assertEquals("411 No such group local.live", c.cmd("GROUP local.live"));
        }
        assertFalse(Files.exists(home.resolve("control.sock")), "the control socket goes away with the node");
    }

    @Test
    void peerCommandsChangeTheConfigAndTheRunningNodeFollows() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1", "--listen", "127.0.0.1:0").code());
        Run bad = run("peer", "add", "x y", "--host", "h", "--home", home.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("peer[1].name"), bad.err());
        NodeHome nodeHome = new NodeHome(home);
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig());
             NntpTestClient c = new NntpTestClient("127.0.0.1", node.listening().get(0).getPort())) {
            Run add = run("peer", "add", "down", "--host", "127.0.0.1", "--port", "9", "--path-identity", "down.example",
                    "--groups", "local.*,!local.general", "--ihave", "--connections", "2", "--distributions", "world,!local",
                    "--tls", "starttls", "--tls-fingerprint", "sha256:" + "0A:".repeat(31) + "0A", "--compress",
                    "--home", home.toString());
            assertEquals(0, add.code(), add.err());
            assertEquals("added peer down (127.0.0.1:9)\n", add.out());
            assertTrue(Files.readString(home.resolve("newsnode.toml")).contains("name = \"down\""));
            assertTrue(c.post(NntpTestClient.article("local.test", "for down", "x")).startsWith("240"));
            assertTrue(c.post(NntpTestClient.article("local.general", "not for down", "x")).startsWith("240"));
            assertEquals(1, node.storage().queues().stats("down").depth(), "the running node queues for the new peer at once");
            Run list = run("peer", "list", "--home", home.toString());
            assertTrue(list.out().matches("(?s).*down\\s+127\\.0\\.0\\.1:9\\s+down\\.example\\s+ihave\\s+2\\s+-\\s+world,!local\\s+-\\s+-\\s+"
                    + "starttls\\+pinned\\+deflate\\s+local\\.\\*,!local\\.general.*"), list.out());
            Run feeds = run("feeds", "--home", home.toString());
            assertTrue(feeds.out().matches("(?s).*down\\s+1\\s.*"), feeds.out());
            assertEquals(1, run("peer", "add", "down", "--host", "h", "--home", home.toString()).code(), "names are unique");
            Run set = run("peer", "set", "down", "--port", "10", "--streaming", "--no-compress", "--unset", "tls-fingerprint,connections",
                    "--source-address", "127.0.0.1", "--home", home.toString());
            assertEquals(0, set.code(), set.err());
            assertEquals("changed peer down (port, streaming, source-address, compress, -tls-fingerprint, -connections); its queue is "
                    + "kept\n", set.out());
            assertEquals(1, node.storage().queues().stats("down").depth(), "a changed peer keeps what is queued for it");
            String toml = Files.readString(home.resolve("newsnode.toml"));
            String entry = toml.substring(toml.indexOf("name = \"down\""));
            assertTrue(entry.contains("port = 10\n") && toml.contains("compress = false\n") && toml.contains("source-address = \"127.0.0.1\"")
                    && !entry.contains("tls-fingerprint") && !entry.contains("connections") && !entry.contains("port = 9\n"), entry);
            list = run("peer", "list", "--home", home.toString());
            assertTrue(list.out().matches("(?s).*down\\s+127\\.0\\.0\\.1:10\\s+down\\.example\\s+streaming\\s+1\\s.*starttls\\s.*"),
                    list.out());
            assertEquals(1, run("peer", "set", "nobody", "--port", "1", "--home", home.toString()).code());
            assertEquals(2, run("peer", "set", "down", "--home", home.toString()).code(), "nothing to change");
            Run badUnset = run("peer", "set", "down", "--unset", "host", "--home", home.toString());
            assertEquals(2, badUnset.code());
            assertTrue(badUnset.err().contains("--unset host"), badUnset.err());
            Run badValue = run("peer", "set", "down", "--connections", "0", "--home", home.toString());
            assertEquals(1, badValue.code());
            assertTrue(badValue.err().contains("connections"), badValue.err());
            assertEquals(toml, Files.readString(home.resolve("newsnode.toml")), "a refused change leaves the file as it was");
            Run remove = run("peer", "remove", "down", "--home", home.toString());
            assertEquals(0, remove.code(), remove.err());
            assertEquals("removed peer down (1 queued articles dropped)\n", remove.out());
            assertTrue(c.post(NntpTestClient.article("local.test", "after removal", "x")).startsWith("240"));
            assertEquals(0, node.storage().queues().stats("down").depth());
            assertTrue(!Files.readString(home.resolve("newsnode.toml")).contains("down"));
        }
        assertEquals(1, run("peer", "remove", "down", "--home", home.toString()).code());
    }

    @Test
    void userCommandsStoreOnlyAHashAndTheRunningNodeFollows() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1", "--listen", "127.0.0.1:0").code());
        assertEquals("no node running; the configuration is valid and is read at start\n",
                run("reload", "--home", home.toString()).out());
        NodeHome nodeHome = new NodeHome(home);
        java.io.InputStream stdin = System.in;
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig());
             NntpTestClient c = new NntpTestClient("127.0.0.1", node.listening().get(0).getPort())) {
            System.setIn(new java.io.ByteArrayInputStream("pass word\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Run add = run("user", "add", "alice", "--password-stdin", "--home", home.toString());
            assertEquals(0, add.code(), add.err());
            assertEquals("added user alice; the running node took it\n", add.out());
            String toml = Files.readString(home.resolve("newsnode.toml"));
            assertTrue(toml.contains("password = \"pbkdf2-sha256$310000$") && !toml.contains("pass word"), toml);
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS pass word"), "the node took the new user");
            assertTrue(run("user", "list", "--home", home.toString()).out().matches("(?s)USER\\s+PEER\nalice\\s+-\n"));
            System.setIn(new java.io.ByteArrayInputStream("x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Run twice = run("user", "add", "alice", "--password-stdin", "--home", home.toString());
            assertEquals(3, twice.code());
            assertTrue(twice.err().contains("a user named \"alice\" already exists"), twice.err());
            assertEquals(0, run("user", "remove", "alice", "--home", home.toString()).code());
            try (NntpTestClient d = new NntpTestClient("127.0.0.1", node.listening().get(0).getPort())) {
                assertTrue(!d.multi("CAPABILITIES").contains("AUTHINFO USER"), "no accounts left to log in to");
            }
            assertEquals("reloaded: peers [], 0 users, 0 access rules, 1 expiry rules\n", run("reload", "--home", home.toString()).out());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(1, run("user", "remove", "alice", "--home", home.toString()).code());
    }

    @Test
    void expireRunsWithProgressAndDryRun() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Run dry = run("expire", "--dry-run", "--home", home.toString());
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("expire: [##########] 2/2 groups, 0 articles out of their groups"), dry.out());
        assertTrue(dry.out().contains("dry run, nothing changed: 2 groups: 0 articles out of their groups"), dry.out());
        Run real = run("expire", "--home", home.toString());
        assertEquals(0, real.code(), real.err());
        assertTrue(real.out().contains("2 groups: 0 articles out of their groups, 0 articles deleted"), real.out());
    }

    @Test
    void feedsFlushKicksTheRunningNodesLinks() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1", "--listen", "127.0.0.1:0").code());
        Run idle = run("feeds", "flush", "--home", home.toString());
        assertEquals(1, idle.code());
        assertTrue(idle.err().contains("no node runs for this home"), idle.err());
        assertEquals(0, run("peer", "add", "b", "--host", "127.0.0.9", "--path-identity", "b.test", "--home", home.toString()).code());
        NodeHome nodeHome = new NodeHome(home);
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig())) {
            Run all = run("feeds", "flush", "--home", home.toString());
            assertEquals(0, all.code(), all.err());
            assertEquals("flushed every peer\n", all.out());
            assertEquals("flushed b\n", run("feeds", "flush", "b", "--home", home.toString()).out());
            Run unknown = run("feeds", "flush", "nosuch", "--home", home.toString());
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("no peer named nosuch"), unknown.err());
        }
    }

    @Test
    void exportIntoAMissingDirectorySaysSoInWords() {
        Path home = dir.resolve("node");
        assertEquals(0, run("init", home.toString(), "--path-identity", "n1").code());
        Path target = dir.resolve("no-such-dir").resolve("all.rnews");
        Run r = run("export", "--output", target.toString(), "--home", home.toString());
        assertEquals(1, r.code());
        assertEquals("newsnode export: cannot write " + target + ": the directory " + target.getParent() + " does not exist\n", r.err());
    }
}
