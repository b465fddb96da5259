package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.article.NetnewsDates;

/**
 * Interop with INN 2.7 (Debian's inn2, installed by .ci/run): a private innd on its own
 * loopback port feeds newsnode with innfeed, newsnode feeds innd with CHECK/TAKETHIS, and
 * articles cross both ways and land once; newsnode post and article work against INN's
 * own reader (MODE READER, RFC 3977 §5.3).
 */
class InnInteropTest {

    @TempDir
    Path dir;

    private static final String me = "127.0.0.41";
    private int port;
    private int innPort;
    private Path home;
    private org.newsnode.storage.intake.ControlKey admin;

    /** A node home peered with the private INN, trusting {@link #admin} by one control rule beyond "log everything". */
    private NodeHome home(String rule) throws Exception {
        port = FloodingTest.freePort();
        innPort = FloodingTest.freePort();
        home = dir.resolve("node");
        new NodeHome(home).init("newsnode.interop", me + ":" + port);
        Files.writeString(home.resolve("newsnode.toml"), Files.readString(home.resolve("newsnode.toml"))
                + "\n[[peer]]\nname = \"inn\"\nhost = \"127.0.0.1\"\nport = " + innPort
                + "\npath-identity = \"inn-interop.invalid\"\nsource-address = \"" + me + "\"\n"
                + "[control]\nkeyring = \"keyring.asc\"\nrules = [\"all:*:*:log\", \"" + rule + "\"]\n");
        admin = org.newsnode.storage.intake.ControlKey.generate("interop.admin <a@interop.test>");
        Files.writeString(home.resolve("keyring.asc"), admin.publicArmored());
        return new NodeHome(home);
    }

    @Test
    void articlesCrossBothWaysAndLandOnce() throws Exception {
        PrivateInn.assumeAvailable();
        NodeHome nodeHome = home("newgroup:*:local.*:verify-interop.admin");
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig())) {
            node.storage().createGroup("local.interop", "", 'y', "test").join();
            try (PrivateInn innd = PrivateInn.start(innPort, me, port)) {
                List<String> fromUs = new ArrayList<>();
                try (NntpTestClient c = new NntpTestClient(me, port)) {
                    for (int i = 0; i < 20; i++) {
                        String r = c.post(NntpTestClient.article("local.interop", "to inn " + i, "hello inn " + i));
                        assertTrue(r.startsWith("240 "), r);
                        fromUs.add(r.substring(r.indexOf('<')));
                    }
                }
                List<String> fromInn = new ArrayList<>();
                try (NntpTestClient inn = new NntpTestClient("127.0.0.1", innPort)) {
                    assertTrue(inn.greeting().startsWith("200 inn-interop.invalid InterNetNews"), inn.greeting());
                    for (int i = 0; i < 20; i++) {
                        String id = "<inn" + i + "." + System.nanoTime() + "@interop.test>";
                        assertEquals("335 Send it", inn.cmd("IHAVE " + id).replaceAll(";.*", ""));
                        inn.send(("Path: injector.test!not-for-mail\r\nFrom: i@interop.test\r\nNewsgroups: local.interop\r\n"
                                + "Subject: from inn " + i + "\r\nMessage-ID: " + id + "\r\nDate: "
                                + NetnewsDates.format(Instant.now()) + "\r\n\r\nhello newsnode " + i + "\r\n.\r\n"));
                        assertEquals("235 Article transferred OK", inn.readLine());
                        fromInn.add(id);
                    }
                    for (String id : fromUs) {
                        org.awaitility.Awaitility.await("INN has " + id).atMost(java.time.Duration.ofSeconds(60))
                                .pollInterval(java.time.Duration.ofMillis(100))
                                .until(() -> inn.cmd("CHECK " + id).startsWith("438 " + id));
                    }
                }
                // each article once (awaitCount asserts the exact count); the queue to INN empty: every offer answered
                FloodingTest.awaitCount(List.of(node), "local.interop", fromUs.size() + fromInn.size());
                FloodingTest.awaitQueuesEmpty(List.of(node));
                assertEquals(40, node.storage().group("local.interop").count(), "each article once");
                try (NntpTestClient c = new NntpTestClient(me, port)) {
                    for (String id : fromInn) {
                        List<String> head = c.multi("HEAD " + id);
                        assertTrue(head.get(0).startsWith("221 0 " + id), head.get(0));
                        assertTrue(head.contains("Path: newsnode.interop!inn-interop.invalid!injector.test!not-for-mail"),
                                head.toString());
                    }
                }
                assertEquals(20, node.feeder().counters().get("inn").accepted(), "INN took our 20 articles, once each");
                assertEquals(0, node.storage().queues().stats("inn").depth(), "INN's own articles are not offered back to it");

                // the CLI against INN itself: innd answers in transit mode, lists MODE-READER, and hands over to nnrpd
                Path body = Files.writeString(dir.resolve("body.txt"), "posted through nnrpd\n");
                String server = "127.0.0.1:" + innPort;
                CliTest.Run post = CliTest.run("post", "--server", server, "--group", "local.interop", "--subject",
                        "newsnode post to INN", "--from", "cli@interop.test", body.toString());
                assertEquals(0, post.code(), post.err());
                String posted = post.out().strip();
                assertTrue(posted.matches("<[^>]+>"), post.out());
                CliTest.Run article = CliTest.run("article", posted, "--server", server);
                assertEquals(0, article.code(), article.err());
                assertTrue(article.out().contains("Subject: newsnode post to INN") && article.out().contains("posted through nnrpd"),
                        article.out());
                FloodingTest.awaitCount(List.of(node), "local.interop", 41); // and innfeed brings it here
                assertTrue(node.storage().reader().byMessageId(posted) != null, posted + " reached newsnode from INN");

                // Cancel-Lock across (RFC 8315): INN checks it with libcanlock, newsnode with its own
                Path secret = dir.resolve("poster.secret");
                String ours = me + ":" + port;
                CliTest.Run locked = CliTest.run("post", "--server", ours, "--group", "local.interop", "--subject", "cancelled on both",
                        "--from", "c@interop.test", "--cancel-secret", secret.toString(), body.toString());
                String toCancel = locked.out().strip();
                awaitAtInn(innPort, toCancel, true);
                CliTest.Run cancel = CliTest.run("cancel", toCancel, "--server", ours, "--cancel-secret", secret.toString());
                assertEquals(0, cancel.code(), cancel.err());
                assertTrue(node.storage().reader().byMessageId(toCancel) == null, "cancelled here at once");
                awaitAtInn(innPort, toCancel, false); // INN took our cancel and honoured our key

                CliTest.Run atInn = CliTest.run("post", "--server", server, "--group", "local.interop", "--subject",
                        "posted at INN, cancelled there", "--from", "c@interop.test", "--cancel-secret", secret.toString(),
                        body.toString());
                String innId = atInn.out().strip();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> node.storage().reader().byMessageId(innId) != null);
                CliTest.Run innCancel = CliTest.run("cancel", innId, "--server", server, "--cancel-secret", secret.toString());
                assertEquals(0, innCancel.code(), innCancel.err());
                awaitAtInn(innPort, innId, false);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> node.storage().reader().byMessageId(innId) == null); // innfeed brought the cancel

                // a newgroup posted at INN crosses to newsnode, which acts by its own rules: signed by a key it trusts, done
                for (String g : List.of("local.signed", "local.unsigned")) {
                    // announced in a group both carry (INN takes no message for a group it lacks, control or not)
                    byte[] ctl = ("From: a@interop.test\r\nApproved: a@interop.test\r\nNewsgroups: local.interop\r\nSubject: cmsg newgroup " + g + "\r\nControl: newgroup "
                            + g + "\r\nMessage-ID: <ng." + g + "." + System.nanoTime() + "@interop.test>\r\nDate: "
                            + NetnewsDates.format(Instant.now()) + "\r\n\r\nFor your newsgroups file:\r\n" + g + "\tFrom INN\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    byte[] sent = g.equals("local.signed") ? admin.signed(ctl) : ctl;
                    try (NntpTestClient c = new NntpTestClient("127.0.0.1", innPort)) {
                        c.cmd("MODE READER");
                        String r = c.post(new String(sent, StandardCharsets.ISO_8859_1));
                        assertTrue(r.startsWith("240 "), "INN took the newgroup for " + g + ": " + r);
                    }
                }
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> node.storage().group("local.signed") != null);
                assertEquals("From INN", node.storage().group("local.signed").description());
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                        node.storage().group("control.newgroup") != null && node.storage().group("control.newgroup").count() == 2);
                node.serverContext().control().settled().join();
                assertTrue(node.storage().group("local.unsigned") == null, "unsigned: logged, not created");
            }
        }
    }

    /**
     * The other direction of control (RFC 5537 §5.2): the operator's signed newgroup and rmgroup, made with
     * {@code newsnode control}, flood to INN and INN's controlchan carries them out after its pgpverify accepts our
     * signature; an unsigned newgroup for the same hierarchy, accepted and flooded like any article, creates nothing there.
     */
    @Test
    void innActsOnSignedControlMessagesFromNewsnode() throws Exception {
        PrivateInn.assumeAvailable();
        NodeHome nodeHome = home("newgroup|rmgroup:*:local.*:verify-interop.admin");
        admin.save(home.resolve(ControlCommand.KEY_FILE)); // the operator key newsnode control signs with
        Path publicKey = home.resolve("keyring.asc");
        try (Node node = Node.start(nodeHome, nodeHome.loadConfig());
                PrivateInn innd = PrivateInn.startTrusting(innPort, me, port, publicKey, "interop.admin")) {
            String h = home.toString();
            CliTest.Run made = CliTest.run("control", "newgroup", "local.fromnode", "--description", "Made at newsnode", "--home", h);
            assertEquals(0, made.code(), made.err());
            assertTrue(made.out().contains("here: local.fromnode exists (y)"), made.out());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> innReader(innPort, "LIST NEWSGROUPS local.fromnode").stream()
                            .anyMatch(l -> l.matches("local\\.fromnode\t+Made at newsnode"))); // INN pads with tabs
            assertTrue(innReader(innPort, "LIST ACTIVE local.fromnode").get(1).matches("local\\.fromnode \\d+ \\d+ y"),
                    "INN created it, unmoderated, as the message said");

            // unsigned: newsnode logs it and floods it; INN's pgpverify finds no signature and controlchan skips it
            String forged = "<ng.forged." + System.nanoTime() + "@interop.test>";
            try (NntpTestClient c = new NntpTestClient(me, port)) {
                String r = c.post("From: a@interop.test\r\nApproved: a@interop.test\r\nNewsgroups: local.forged\r\nSubject: cmsg newgroup local.forged\r\n"
                        + "Control: newgroup local.forged\r\nMessage-ID: " + forged + "\r\nDate: " + NetnewsDates.format(Instant.now())
                        + "\r\n\r\nFor your newsgroups file:\r\nlocal.forged\tForged\r\n");
                assertTrue(r.startsWith("240 "), r);
            }
            awaitAtInn(innPort, forged, true); // INN has the message itself (filed in control)

            // controlchan works through its messages in order: once the rmgroup behind it is done, the forgery was judged
            CliTest.Run removed = CliTest.run("control", "rmgroup", "local.fromnode", "--home", h);
            assertEquals(0, removed.code(), removed.err());
            assertTrue(removed.out().contains("local.fromnode is gone"), removed.out());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> innReader(innPort, "LIST ACTIVE local.fromnode").size() == 1);
            assertEquals(List.of("215 Newsgroups in form \"group high low status\""), innReader(innPort, "LIST ACTIVE local.f*"),
                    "the unsigned newgroup created nothing at INN, the rmgroup removed ours");
            assertTrue(node.storage().group("local.forged") == null, "nor here");
        }
    }

    /** One multi-line reply from INN's reader (nnrpd, behind MODE READER). */
    private static List<String> innReader(int innPort, String command) throws Exception {
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", innPort)) {
            c.cmd("MODE READER");
            return c.multi(command);
        }
    }

    /** Waits until INN's reader (nnrpd, behind MODE READER) has the article, or no longer has it. */
    private static void awaitAtInn(int innPort, String id, boolean present) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            try (NntpTestClient c = new NntpTestClient("127.0.0.1", innPort)) {
                c.cmd("MODE READER");
                return c.cmd("STAT " + id).startsWith("223") == present;
            }
        });
    }
}
