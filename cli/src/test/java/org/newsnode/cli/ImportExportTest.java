package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.article.Article;

/** rnews and mbox export from one node and import into others: same articles, checked like a feed, twice adds nothing. */
class ImportExportTest {
    @TempDir
    Path dir;

    private Node start(String name) throws Exception {
        NodeHome h = new NodeHome(dir.resolve(name));
        h.init(name + ".test", "127.0.0.1:0");
        return Node.start(h, h.loadConfig());
    }

    private static List<String> post(Node n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", n.listening().get(0).getPort())) {
            for (int i = 0; i < 5; i++) {
                String body = "article " + i + "\r\n.a line starting with a dot\r\nFrom me, a line mbox must quote\r\n"
                        + ">From an already quoted one\r\nGrüße";
                String r = c.post(NntpTestClient.article(i < 3 ? "local.test" : "local.general,local.test", "s" + i, body));
                assertTrue(r.startsWith("240 "), r);
                ids.add(r.substring(r.indexOf('<')));
            }
        }
        return ids;
    }

    /** The article as the poster wrote it: without the fields each node adds or rewrites on the way. */
    private static String essence(Node n, String id) throws Exception {
        Article a = Article.parse(unstuff(n.storage().reader().byMessageId(id).wire()));
        byte[] raw = a.raw();
        return a.header("Subject") + "|" + a.header("From") + "|" + a.header("Newsgroups") + "|" + a.header("Date") + "|"
                + new String(raw, a.bodyStart(), raw.length - a.bodyStart(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] unstuff(byte[] wire) {
        String s = new String(wire, StandardCharsets.ISO_8859_1).replace("\r\n..", "\r\n.");
        return (s.startsWith("..") ? s.substring(1) : s).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rnewsAndMboxCarryTheSameArticlesAndImportingTwiceAddsNothing() throws Exception {
        Path rnews = dir.resolve("all.rnews");
        Path mbox = dir.resolve("all.mbox");
        Path gz = dir.resolve("general.rnews.gz");
        List<String> ids;
        try (Node a = start("a"); Node b = start("b")) {
            ids = post(a);
            String home = dir.resolve("a").toString();
            CliTest.Run ex = CliTest.run("export", "--output", rnews.toString(), "--home", home);
            assertEquals(0, ex.code(), ex.err());
            assertEquals("exported 5 articles", ex.out().substring(0, ex.out().indexOf(" (")));
            assertEquals(0, CliTest.run("export", "--output", mbox.toString(), "--format", "mbox", "--home", home).code());
            assertEquals(0, CliTest.run("export", "--output", gz.toString(), "--gzip", "--groups", "local.general",
                    "--home", home).code());
            assertTrue(CliTest.run("export", "--output", dir.resolve("none").toString(), "--since", "2999-01-01",
                    "--home", home).out().startsWith("exported 0 articles"));

            String text = Files.readString(rnews, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("#! rnews ") && !text.contains("\r\n"), "rnews: LF line ends");
            assertTrue(text.contains("\n.a line starting with a dot\n"), "no dot-stuffing in a batch");
            String m = Files.readString(mbox, StandardCharsets.ISO_8859_1);
            assertTrue(m.startsWith("From newsnode@localhost ") && m.contains("\n>From me, a line mbox must quote\n")
                    && m.contains("\n>>From an already quoted one\n"), m);
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(gz))).readAllBytes();
            assertEquals(2, new String(unzipped, StandardCharsets.ISO_8859_1).split("#! rnews ").length - 1);

            // into a running node, through its control channel
            CliTest.Run in = CliTest.run("import", rnews.toString(), "--home", dir.resolve("b").toString());
            assertEquals(0, in.code(), in.err());
            assertTrue(in.out().contains(": 5 accepted, 0 duplicate, 0 refused"), in.out());
            assertEquals(5, b.storage().group("local.test").count());
            assertEquals(2, b.storage().group("local.general").count());
            for (String id : ids) {
                assertEquals(essence(a, id), essence(b, id), id);
                String path = b.storage().reader().byMessageId(id).wire().length > 0 ? Article.parse(unstuff(
                        b.storage().reader().byMessageId(id).wire())).header("Path") : "";
                assertTrue(path.startsWith("b.test!a.test!"), "Path shows the route: " + path);
            }
            CliTest.Run again = CliTest.run("import", rnews.toString(), "--home", dir.resolve("b").toString());
            assertTrue(again.out().contains(": 0 accepted, 5 duplicate, 0 refused"), again.out());
            assertEquals(5, b.storage().group("local.test").count(), "importing twice adds nothing");
        }
        // into a node that is not running: the CLI opens its store
        NodeHome c = new NodeHome(dir.resolve("c"));
        c.init("c.test", "127.0.0.1:0");
        CliTest.Run fromMbox = CliTest.run("import", mbox.toString(), gz.toString(), "--home", c.dir().toString());
        assertEquals(0, fromMbox.code(), fromMbox.err());
        assertTrue(fromMbox.out().contains("import all.mbox: 5 articles (mbox)"), fromMbox.out());
        assertTrue(fromMbox.out().contains("import general.rnews.gz: 2 articles (rnews batch)"), fromMbox.out());
        assertTrue(fromMbox.out().contains(": 5 accepted, 2 duplicate, 0 refused"), fromMbox.out());
        try (Node cn = Node.start(c, c.loadConfig()); Node a = start("a2")) {
            for (String id : ids) {
                String body = new String(unstuff(cn.storage().reader().byMessageId(id).wire()), StandardCharsets.ISO_8859_1);
                assertTrue(body.contains("\r\n.a line starting with a dot\r\nFrom me, a line mbox must quote\r\n"
                        + ">From an already quoted one\r\nGrüße"), "mbox quoting undone: " + body);
            }
        }
    }

    @Test
    void refusalsAreCountedByReasonAndUnreadableFilesFail() throws Exception {
        NodeHome h = new NodeHome(dir.resolve("n"));
        h.init("n.test", "127.0.0.1:0");
        String ok = "Path: x!not-for-mail\nFrom: a@example.org\nNewsgroups: local.test\nSubject: ok\nDate: "
                + org.newsnode.storage.article.NetnewsDates.format(java.time.Instant.now()) + "\nMessage-ID: <ok@x>\n\nbody\n";
        String unwanted = ok.replace("local.test", "no.such.group").replace("<ok@x>", "<unwanted@x>");
        String stale = ok.replace("<ok@x>", "<stale@x>").replaceFirst("Date: [^\n]+", "Date: Mon, 1 Jan 2001 00:00:00 +0000");
        StringBuilder batch = new StringBuilder();
        for (String art : List.of(ok, unwanted, stale)) {
            batch.append("#! rnews ").append(art.getBytes(StandardCharsets.ISO_8859_1).length).append('\n').append(art);
        }
        Path f = Files.writeString(dir.resolve("mixed.rnews"), batch.toString(), StandardCharsets.ISO_8859_1);
        CliTest.Run r = CliTest.run("import", f.toString(), "--home", h.dir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": 1 accepted, 0 duplicate, 2 refused"), r.out());
        assertTrue(r.out().contains("1 refused: Unwanted newsgroup \"no.such.group\""), r.out());
        assertTrue(r.out().contains("1 refused: Too old\n"), "innd's reason, counted without its date: " + r.out());
        CliTest.Run again = CliTest.run("import", f.toString(), "--home", h.dir().toString());
        assertTrue(again.out().contains(": 0 accepted, 3 duplicate, 0 refused"), "refusals are remembered: " + again.out());

        Path junk = Files.writeString(dir.resolve("junk.txt"), "hello\n");
        CliTest.Run bad = CliTest.run("import", junk.toString(), dir.resolve("missing.rnews").toString(),
                "--home", h.dir().toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("junk.txt: neither an rnews batch") && bad.err().contains("missing.rnews"), bad.err());
        byte[] truncated = "#! rnews 100\nPath: x\n".getBytes(StandardCharsets.US_ASCII);
        Path cut = Files.write(dir.resolve("cut.rnews"), truncated);
        CliTest.Run short1 = CliTest.run("import", cut.toString(), "--home", h.dir().toString());
        assertEquals(1, short1.code());
        assertTrue(short1.err().contains("the batch ends inside an article"), short1.err());
        assertArrayEquals(truncated, Files.readAllBytes(cut));
    }

    @Test
    void aBatchArticleOverTheSizeLimitIsSkippedUnreadAndTheRestImported() throws Exception {
        Path home = dir.resolve("bomb");
        NodeHome h = new NodeHome(home);
        h.init("bomb.test", "127.0.0.1:0");
        Path gz = dir.resolve("bomb.rnews.gz");
        String ok = "Path: far.example!not-for-mail\nFrom: a@far.example\nNewsgroups: local.test\nSubject: after the bomb\n"
                + "Date: " + org.newsnode.storage.article.NetnewsDates.format(java.time.Instant.now()) + "\n"
                + "Message-ID: <after-bomb@far.example>\n\nstill here\n";
        long huge = 200L << 20; // 200 MiB that gzip makes ~200 KB of
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("#! rnews " + huge + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 200; i++) {
                out.write(chunk);
            }
            byte[] b = ok.getBytes(StandardCharsets.US_ASCII);
            out.write(("#! rnews " + b.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("#! rnews 99999999999999\n".getBytes(StandardCharsets.US_ASCII)); // and one that lies about its size
        }
        assertTrue(Files.size(gz) < 1_000_000, "a small file: " + Files.size(gz));
        CliTest.Run r = CliTest.run("import", gz.toString(), "--home", home.toString());
        assertTrue(r.out().contains("1 accepted"), r.out() + r.err());
        assertTrue(r.out().contains("1 refused: Article of " + huge + " bytes exceeds local limit of 1000000 bytes"), r.out());
        assertTrue(r.err().contains("the batch ends inside an article of 99999999999999 octets"), r.err());
        CliTest.Run list = CliTest.run("group", "list", "--home", home.toString());
        assertTrue(list.out().matches("(?s).*local\\.test\\s+y\\s+1\\s+1\\s+1.*"), list.out());
    }
}
