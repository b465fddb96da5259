package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.config.PasswordHash;

/** newsnode post and newsnode article end to end against a running node, and Python's email/nntplib. */
class PostAndArticleTest {
    @TempDir
    Path dir;
    Node node;
    Path home;
    int port;

    @BeforeEach
    void start() throws Exception {
        home = dir.resolve("node");
        NodeHome h = new NodeHome(home);
        h.init("post.test", "127.0.0.1:0");
        Files.writeString(h.configFile(), Files.readString(h.configFile()) + "\n[[user]]\nname = \"poster\"\npassword = \""
                + PasswordHash.create("pw".toCharArray(), 2_000) + "\"\n");
        node = Node.start(h, h.loadConfig());
        port = node.listening().get(0).getPort();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private CliTest.Run cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = "127.0.0.1:" + port;
        return CliTest.run(all);
    }

    @Test
    void attachmentsComeBackByteIdenticalThroughNewsnodeAndPython() throws Exception {
        byte[] binary = new byte[40_000];
        new Random(7).nextBytes(binary);
        Path bin = Files.write(dir.resolve("data.bin"), binary);
        Path text = Files.writeString(dir.resolve("notes.txt"), "line one\r\nline two\nümlaut\n.dot\n");
        Path body = Files.writeString(dir.resolve("body.txt"), "Hallo,\nliebe Grüße — ☕\n.leading dot\n");
        CliTest.Run post = cli("post", "--group", "local.test", "--group", "local.general", "--subject", "Grüße aus Köln ☕",
                "--from", "Jörg Müller <joerg@example.org>", "--attach", bin.toString(), "--attach", text.toString(),
                "--header", "Organization: Café Zürich", "--references", "<older@example.org>", body.toString());
        assertEquals(0, post.code(), post.err());
        String id = post.out().strip();
        assertTrue(id.matches("<[^@]+@post\\.test>"), id);
        assertEquals(1, node.storage().group("local.test").count(), "crossposted");
        assertEquals(1, node.storage().group("local.general").count(), "crossposted");

        Path saved = dir.resolve("saved");
        CliTest.Run show = cli("article", id, "--save-attachments", saved.toString());
        assertEquals(0, show.code(), show.err());
        String out = show.out();
        assertTrue(out.contains("Subject: Grüße aus Köln ☕\n"), out);
        assertTrue(out.contains("From: Jörg Müller <joerg@example.org>\n"), out);
        assertTrue(out.contains("Organization: Café Zürich\n") && out.contains("References: <older@example.org>\n"), out);
        assertTrue(out.contains("liebe Grüße — ☕\n.leading dot"), "the text part in its charset, dots intact:\n" + out);
        assertTrue(out.contains("[part 2: application/octet-stream; name=data.bin, 40,000 octets, file \"data.bin\"]"), out);
        assertArrayEquals(binary, Files.readAllBytes(saved.resolve("data.bin")));
        assertArrayEquals(Files.readAllBytes(text), Files.readAllBytes(saved.resolve("notes.txt")));

        String raw = new String(node.storage().reader().byMessageId(id).wire(), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("Subject: =?UTF-8?"), "RFC 2047 encoded subject:\n" + raw);
        assertTrue(raw.contains("From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.org>"), raw);
        assertTrue(raw.contains("Content-Type: text/plain; charset=UTF-8") && raw.contains("Content-Transfer-Encoding: base64"), raw);

        Path py = dir.resolve("py");
        Files.createDirectories(py);
        Path script = dir.resolve("fetch_attachments.py");
        try (var in = getClass().getResourceAsStream("/fetch_attachments.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", String.valueOf(port), id, py.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String pyOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), pyOut);
        assertTrue(pyOut.contains("Subject: Grüße aus Köln ☕") && pyOut.contains("From: Jörg Müller <joerg@example.org>"), pyOut);
        assertArrayEquals(binary, Files.readAllBytes(py.resolve("data.bin")));
        assertArrayEquals(Files.readAllBytes(text), Files.readAllBytes(py.resolve("notes.txt")));
    }

    @Test
    void anEightBitSubjectRoundTrips() throws Exception {
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", port)) {
            assertTrue(c.cmd("POST").startsWith("340"));
            c.sendBytes(("From: a@example.org\r\nNewsgroups: local.test\r\nSubject: Grüße 8bit ☕\r\n\r\nbody\r\n.\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(c.readLine().startsWith("240"));
        }
        CliTest.Run show = cli("article", "local.test:1");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("Subject: Grüße 8bit ☕\n"), show.out());
    }

    @Test
    void dryRunRefusalsLoginAndMissingArticles() throws Exception {
        Path body = Files.writeString(dir.resolve("b.txt"), "text\n");
        CliTest.Run dry = cli("post", "--group", "local.test", "--subject", "Ä", "--from", "a@example.org", "--dry-run",
                body.toString());
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("Newsgroups: local.test") && dry.out().contains("Subject: =?UTF-8?"), dry.out());
        assertEquals(0, node.storage().group("local.test").count(), "a dry run posts nothing");

        CliTest.Run refused = cli("post", "--group", "no.such.group", "--subject", "s", "--from", "a@example.org",
                body.toString());
        assertEquals(1, refused.code());
        assertEquals("newsnode post: the server refused: 441 No valid newsgroups in \"no.such.group\"\n", refused.err());

        CliTest.Run badLogin = cli("post", "--user", "poster", "--password", "wrong", "--group", "local.test", "--subject",
                "s", "--from", "a@example.org", body.toString());
        assertEquals(1, badLogin.code());
        assertTrue(badLogin.err().contains("481 Authentication failed"), badLogin.err());
        CliTest.Run login = cli("post", "--user", "poster", "--password", "pw", "--group", "local.test", "--subject", "s",
                "--from", "a@example.org", body.toString());
        assertEquals(0, login.code(), login.err());

        assertEquals(2, cli("post", "--subject", "s", "--from", "a@example.org").code(), "usage: no --group");
        CliTest.Run missing = cli("article", "<nope@example.org>");
        assertEquals(1, missing.code());
        assertEquals("newsnode article: 430 No such article\n", missing.err());
        assertEquals(2, cli("article", "not-an-id").code());
        CliTest.Run noBody = cli("post", "--group", "local.test", "--subject", "s", "--from", "a@example.org",
                dir.resolve("absent.txt").toString());
        assertEquals(1, noBody.code());
        assertEquals("newsnode post: no such file: " + dir.resolve("absent.txt") + "\n", noBody.err(), "one clear line");
        CliTest.Run verbose = cli("post", "--verbose", "--group", "local.test", "--subject", "s", "--from", "a@example.org",
                dir.resolve("absent.txt").toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace");
        CliTest.Run down = CliTest.run("article", "<x@y>", "--server", "127.0.0.1:1", "--timeout", "2");
        assertEquals(1, down.code());
        assertTrue(down.err().startsWith("newsnode article: cannot connect to 127.0.0.1:1"), down.err());
    }

    @Test
    void showingAnArticleNeitherDrivesTheTerminalNorOverwritesFiles() throws Exception {
        Path bin = Files.write(dir.resolve("report.pdf"), new byte[] {1, 2, 3});
        Path body = Files.writeString(dir.resolve("body.txt"), "plain \u001b]0;pwned\u0007 text\n\u001b[2Jcleared?\n");
        CliTest.Run post = cli("post", "--group", "local.test", "--subject", "esc \u001b[31mred", "--from", "a@example.org",
                "--attach", bin.toString(), body.toString());
        assertEquals(0, post.code(), post.err());
        String id = post.out().strip();
        Path saved = Files.createDirectories(dir.resolve("saved"));
        Path mine = Files.writeString(saved.resolve("report.pdf"), "my own file");
        CliTest.Run show = cli("article", id, "--save-attachments", saved.toString());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().chars().noneMatch(c -> c == 0x1b || c == 0x07), "no escape or bell reaches the terminal: " + show.out());
        assertTrue(show.out().contains("Subject: esc ?[31mred"), show.out());
        assertTrue(show.out().contains("plain ?]0;pwned? text\n?[2Jcleared?"), show.out());
        assertEquals("my own file", Files.readString(mine), "an existing file is never overwritten");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(saved.resolve("report-1.pdf")));
        assertTrue(show.out().contains("saved " + saved.resolve("report-1.pdf")), show.out());
    }
}
