package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.NetnewsDates;

/**
 * newsnode refuses what INN refuses, with INN's words and in INN's order: the same
 * catalogue of faulty articles (one fault, and two at once, so the first reason given shows
 * the order of checks) is posted to a private INN 2.7 (nnrpd, behind MODE READER) and to
 * newsnode, and offered to both with IHAVE (innd); every reply must be the same.
 */
class RefusalParityTest {
    @TempDir
    Path dir;

    private static final String FROM = "From: a@b.example\r\n";
    private static final String GROUP = "Newsgroups: local.interop\r\n";
    private static final String SUBJECT = "Subject: s\r\n";
    private static final String BODY = "\r\nbody\r\n";

    private static Map<String, String> posts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("headers only", FROM + GROUP + SUBJECT);
        m.put("empty body", FROM + GROUP + SUBJECT + "\r\n");
        m.put("empty Followup-To (taken)", FROM + GROUP + SUBJECT + "Followup-To: \r\n" + BODY);
        m.put("bad Expires", FROM + GROUP + SUBJECT + "Expires: garbage\r\n" + BODY);
        m.put("Injection-Date ahead", FROM + GROUP + SUBJECT + "Injection-Date: Wed, 01 Dec 2027 00:00:00 +0000\r\n" + BODY);
        m.put("Injection-Date too old", FROM + GROUP + SUBJECT + "Injection-Date: Wed, 01 Dec 2021 00:00:00 +0000\r\n" + BODY);
        m.put("bad Injection-Date", FROM + GROUP + SUBJECT + "Injection-Date: garbage\r\n" + BODY);
        m.put("Date too old", FROM + GROUP + SUBJECT + "Date: Wed, 01 Dec 2021 00:00:00 +0000\r\n" + BODY);
        m.put("Date ahead", FROM + GROUP + SUBJECT + "Date: Wed, 01 Dec 2027 00:00:00 +0000\r\n" + BODY);
        m.put("no Newsgroups", FROM + SUBJECT + BODY);
        m.put("no From", GROUP + SUBJECT + BODY);
        m.put("no Subject", FROM + GROUP + BODY);
        m.put("empty Subject", FROM + GROUP + "Subject: \r\n" + BODY);
        m.put("Injection-Info", FROM + GROUP + SUBJECT + "Injection-Info: x.example\r\n" + BODY);
        m.put("Followup-To not carried", FROM + GROUP + SUBJECT + "Followup-To: nosuch.group\r\n" + BODY);
        m.put("duplicate Message-ID", FROM + GROUP + SUBJECT + "Message-ID: <a@b.example>\r\nMessage-ID: <c@d.example>\r\n" + BODY);
        m.put("no Subject + bad Expires", FROM + GROUP + "Expires: garbage\r\n" + BODY);
        m.put("no From + headers only", GROUP + SUBJECT);
        m.put("bad Message-ID + no Subject", FROM + GROUP + "Message-ID: bad\r\n" + BODY);
        m.put("bad Date + no From", GROUP + SUBJECT + "Date: garbage\r\n" + BODY);
        m.put("no group carried + no From", "Newsgroups: nosuch.group\r\n" + SUBJECT + BODY);
        m.put("no From + no Subject", GROUP + BODY);
        m.put("no Newsgroups + bad Date", FROM + SUBJECT + "Date: garbage\r\n" + BODY);
        m.put("Injection-Info + bad Date", FROM + GROUP + SUBJECT + "Injection-Info: x\r\nDate: garbage\r\n" + BODY);
        m.put("bad Message-ID + bad Date", FROM + GROUP + SUBJECT + "Message-ID: bad\r\nDate: garbage\r\n" + BODY);
        m.put("bad Expires + bad Message-ID", FROM + GROUP + SUBJECT + "Message-ID: bad\r\nExpires: garbage\r\n" + BODY);
        m.put("bad Injection-Date + bad Date", FROM + GROUP + SUBJECT + "Injection-Date: garbage\r\nDate: garbage\r\n" + BODY);
        m.put("no group carried + bad Date", FROM + "Newsgroups: nosuch.group\r\n" + SUBJECT + "Date: garbage\r\n" + BODY);
        m.put("empty body + no Subject", FROM + GROUP + "\r\n");
        m.put("empty body + bad From", "From: nobody\r\n" + GROUP + SUBJECT + "\r\n");
        m.put("bad From + Followup-To not carried", "From: nobody\r\n" + GROUP + SUBJECT + "Followup-To: nosuch.x\r\n" + BODY);
        return m;
    }

    private static Map<String, String> transit() {
        String now = NetnewsDates.format(Instant.now());
        Map<String, String> m = new LinkedHashMap<>();
        String head = "Path: x.example!not-for-mail\r\n" + FROM + GROUP + SUBJECT;
        m.put("Date too old", head + "Date: Wed, 01 Dec 2021 00:00:00 +0000\r\n" + BODY);
        m.put("Date ahead", head + "Date: Wed, 01 Dec 2027 00:00:00 +0000\r\n" + BODY);
        m.put("bad Date", head + "Date: garbage\r\n" + BODY);
        m.put("Injection-Date too old", head + "Date: " + now + "\r\nInjection-Date: Wed, 01 Dec 2021 00:00:00 +0000\r\n" + BODY);
        m.put("Injection-Date ahead", head + "Date: " + now + "\r\nInjection-Date: Wed, 01 Dec 2027 00:00:00 +0000\r\n" + BODY);
        m.put("old Date, fresh Injection-Date (taken)", head + "Date: Wed, 01 Dec 2021 00:00:00 +0000\r\nInjection-Date: " + now
                + "\r\n" + BODY);
        m.put("headers only", head + "Date: " + now + "\r\n");
        m.put("empty body (taken)", head + "Date: " + now + "\r\n\r\n");
        m.put("no group carried", head.replace("local.interop", "nosuch.grp") + "Date: " + now + "\r\n" + BODY);
        return m;
    }

    /** One exchange: POST (after MODE READER) or IHAVE with this ID; the final reply, Message-IDs masked. */
    private static String send(int port, String command, String article) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            in.readLine();
            if (command.equals("POST")) { // INN: nnrpd answers POST, innd IHAVE
                out.write("MODE READER\r\n".getBytes(StandardCharsets.ISO_8859_1));
                in.readLine();
            }
            out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String r = in.readLine();
            if (!r.startsWith("340") && !r.startsWith("335")) {
                return r;
            }
            out.write((article + ".\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return in.readLine().replaceAll("<[^<>]*>", "<id>");
        }
    }

    private static List<String> replies(int port, boolean reader) throws Exception {
        List<String> out = new ArrayList<>();
        long n = System.nanoTime();
        int i = 0;
        for (Map.Entry<String, String> e : (reader ? posts() : transit()).entrySet()) {
            String article = e.getValue();
            String command = "POST";
            if (!reader) {
                String id = "<parity" + (i++) + "." + n + "@x.example>";
                article = article.replace(SUBJECT, SUBJECT + "Message-ID: " + id + "\r\n");
                command = "IHAVE " + id;
            }
            out.add(e.getKey() + " -> " + send(port, command, article));
        }
        return out;
    }

    @Test
    void postAndIhaveRefuseWhatInnRefusesWithItsWordsAndInItsOrder() throws Exception {
        PrivateInn.assumeAvailable();
        int port = FloodingTest.freePort();
        Path home = dir.resolve("node");
        new NodeHome(home).init("parity.test", "127.0.0.1:" + port);
        // IHAVE from this test's own address: a feed right, as INN's incoming.conf gives the test
        Files.writeString(home.resolve("newsnode.toml"), Files.readString(home.resolve("newsnode.toml"))
                + "\n[[access]]\nname = \"local\"\naddresses = [\"127.0.0.1\"]\nread = \"*\"\npost = \"*\"\nfeed = true\n");
        NodeHome h = new NodeHome(home);
        try (Node node = Node.start(h, h.loadConfig());
             PrivateInn inn = PrivateInn.start(FloodingTest.freePort(), "127.0.0.42", 9)) {
            node.storage().createGroup("local.interop", "", 'y', "test").join();
            List<String> innPosts = replies(inn.port, true);
            List<String> innOffers = replies(inn.port, false);
            // INN answered for real (not a greeting refusal on both sides)
            assertEquals("headers only -> 441 Article has no body -- just headers", innPosts.get(0));
            assertEquals("empty Followup-To (taken) -> 240 Article received <id>", innPosts.get(2));
            assertEquals("Date too old -> 437 Too old -- \"Wed, 01 Dec 2021 00:00:00 +0000\"", innOffers.get(0));
            assertEquals(String.join("\n", innPosts), String.join("\n", replies(port, true)), "POST (nnrpd)");
            assertEquals(String.join("\n", innOffers), String.join("\n", replies(port, false)), "IHAVE (innd)");
        }
    }
}
