package org.newsnode.storage.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;

/**
 * Control messages acted on as control.ctl says (RFC 5537 §5.2): a newgroup or rmgroup
 * signed by a trusted key is carried out, an unsigned or wrongly signed one is not;
 * checkgroups reports or applies; `mail` reaches the operator and a post to a moderated
 * group its moderator, through a real SMTP server (GreenMail) on loopback.
 */
class ControlActionsTest {
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"));

    @TempDir
    Path dir;
    private static ControlKey trusted;
    private static ControlKey stranger;

    @BeforeAll
    static void keys() throws Exception {
        trusted = ControlKey.generate("local.admin <admin@me.example>");
        stranger = ControlKey.generate("local.admin.impostor <x@evil.example>");
    }

    private NodeConfig config(String rules) throws Exception {
        Path keyring = dir.resolve("keyring.asc");
        Files.writeString(keyring, trusted.publicArmored());
        return NodeConfig.parse("path-identity = \"me.example\"\n[control]\nkeyring = \"" + keyring + "\"\nrules = [" + rules + "]\n"
                + "[moderation]\nmoderators = [\"local.mod*:%s@mods.example\"]\n"
                + "[mail]\nhost = \"127.0.0.1\"\nport = " + smtp.getSmtp().getPort() + "\noperator = \"op@me.example\"\n",
                dir.resolve("newsnode.toml").toString());
    }

    private static final String RULES = "\"all:*:*:log\", \"newgroup:*:local.*:verify-local.admin\", "
            + "\"rmgroup:*:local.*:verify-local.admin\", \"checkgroups:*:local.*:verify-local.admin\", "
            + "\"newgroup:*:mailed.*:mail\", \"newgroup:*:junk.*:drop\"";

    private static int serial;

    private static byte[] control(String control, String body) {
        return control(control, body, "Approved: admin@me.example\r\n");
    }

    private static byte[] control(String control, String body, String approved) {
        String id = "<ctl" + (++serial) + "." + System.nanoTime() + "@me.example>";
        return ("Path: far.example!not-for-mail\r\nFrom: admin@me.example\r\n" + approved + "Newsgroups: local.config\r\n"
                + "Subject: cmsg " + control + "\r\nControl: " + control + "\r\nMessage-ID: " + id + "\r\nDate: "
                + NetnewsDates.format(java.time.Instant.now().minusSeconds(60)) + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Intake.Verdict relay(Intake in, byte[] article) throws Exception {
        String id = Article.parse(article).header("Message-ID");
        return in.relay(Intake.Source.local("peer far"), id, article, article.length, false).join();
    }

    /** The control thread acts in arrival order: once this marker group exists, everything before it was decided. */
    private static void settle(Intake in, Storage s) throws Exception {
        String marker = "local.marker" + (++serial);
        relay(in, trusted.signed(control("newgroup " + marker, "")));
        await().atMost(Duration.ofSeconds(10)).until(() -> s.group(marker) != null);
    }

    @Test
    void aNewgroupOrRmgroupSignedByATrustedKeyIsCarriedOutAndNoOtherIs() throws Exception {
        NodeConfig config = config(RULES);
        try (Storage s = Storage.open(dir.resolve("data"), 16, Clock.systemUTC())) {
            Intake in = new Intake(s, config, Clock.systemUTC());
            assertTrue(relay(in, trusted.signed(control("newgroup local.talk moderated",
                    "local.talk is a moderated group.\r\n\r\nFor your newsgroups file:\r\nlocal.talk\tTalk about it (Moderated)\r\n")))
                    .accepted());
            await().atMost(Duration.ofSeconds(10)).until(() -> s.group("local.talk") != null);
            Group g = s.group("local.talk");
            assertEquals(Group.MODERATED, g.status());
            assertEquals("Talk about it (Moderated)", g.description(), "the description from the body, as INN takes it");
            assertNotNull(s.group("control.newgroup"), "filed in control.newgroup, as INN files it");

            relay(in, control("newgroup local.unsigned", ""));
            relay(in, stranger.signed(control("newgroup local.forged", "")));
            byte[] tampered = trusted.signed(control("newgroup local.tampered", ""));
            relay(in, new String(tampered, StandardCharsets.ISO_8859_1).replace("newgroup local.tampered", "newgroup local.tamperd")
                    .getBytes(StandardCharsets.ISO_8859_1));
            relay(in, trusted.signed(control("newgroup junk.thing", "")));
            relay(in, control("newgroup other.thing", ""));
            relay(in, trusted.signed(control("newgroup local.unapproved", "", ""))); // signed, but RFC 5537 §5.2.1 wants Approved
            settle(in, s);
            for (String never : List.of("local.unsigned", "local.forged", "local.tampered", "local.tamperd", "junk.thing",
                    "other.thing", "local.unapproved")) {
                assertNull(s.group(never), never + " is not created");
            }

            relay(in, control("rmgroup local.talk", ""));
            relay(in, trusted.signed(control("rmgroup local.talk", "", "")));
            settle(in, s);
            assertNotNull(s.group("local.talk"), "an unsigned rmgroup removes nothing, nor a signed one without Approved");
            relay(in, trusted.signed(control("rmgroup local.talk", "")));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.group("local.talk") == null);
        }
    }

    @Test
    void anArticleThatComesBeforeItsNewgroupIsHeldAndFiledWhenTheGroupComes() throws Exception {
        NodeConfig config = config(RULES);
        Path live = dir.resolve("data");
        try (Storage s = Storage.open(live, 16, Clock.systemUTC())) {
            Intake in = new Intake(s, config, Clock.systemUTC());
            byte[] early = ("Path: far.example!not-for-mail\r\nFrom: a@b.example\r\nNewsgroups: local.later,other.none\r\n"
                    + "Subject: early\r\nMessage-ID: <early@far.example>\r\nDate: "
                    + NetnewsDates.format(java.time.Instant.now().minusSeconds(60)) + "\r\n\r\n..first line\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            Intake.Verdict held = relay(in, early);
            assertTrue(held.accepted(), "held, not refused: a newgroup for local.* could come " + held);
            assertEquals(1, s.group(Storage.JUNK).count());
            byte[] unwanted = new String(early, StandardCharsets.ISO_8859_1).replace("local.later,other.none", "other.none")
                    .replace("<early@", "<unwanted@").getBytes(StandardCharsets.ISO_8859_1);
            assertEquals("Unwanted newsgroup \"other.none\"", relay(in, unwanted).reason(), "no rule could create other.*");

            relay(in, trusted.signed(control("newgroup local.later", "")));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.group("local.later") != null && s.group("local.later").count() == 1);
            assertEquals(0, s.group(Storage.JUNK).count(), "no longer held");
            var filed = s.reader().byNumber(s.group("local.later"), 1);
            assertEquals("<early@far.example>", filed.messageId());
            String wire = new String(filed.wire(), StandardCharsets.ISO_8859_1);
            assertTrue(wire.contains("\r\nXref: me.example local.later:1\r\n"), wire);
            assertTrue(wire.endsWith("\r\n\r\n...first line\r\n"), "the body as it came (\"..first\"), dot-stuffed once on the wire: " + wire);
            org.newsnode.storage.testing.CrashSnapshot.copy(live, dir.resolve("crashed")); // what a kill -9 right now would leave
        }
        try (Storage s = Storage.open(dir.resolve("crashed"), 16, Clock.systemUTC())) {
            assertEquals(1, s.group("local.later").count(), "the refile is in the log: a replay repeats it");
            assertEquals("<early@far.example>", s.reader().byNumber(s.group("local.later"), 1).messageId());
            assertEquals(0, s.group(Storage.JUNK).count());
        }
    }

    @Test
    void checkgroupsIsReportedOrAppliedForTheHierarchyItLists() throws Exception {
        NodeConfig config = config(RULES);
        try (Storage s = Storage.open(dir.resolve("data"), 16, Clock.systemUTC())) {
            s.createGroup("local.old", "", 'y', "t").join();
            s.createGroup("local.keep", "Kept", 'y', "t").join();
            s.createGroup("other.group", "", 'y', "t").join();
            Intake in = new Intake(s, config, Clock.systemUTC());
            String body = "local.keep\tKept\r\nlocal.new\tNew one\r\nlocal.mod\tModerated (Moderated)\r\n";
            relay(in, control("checkgroups", body)); // unsigned: reported only
            settle(in, s);
            assertNotNull(s.group("local.old"));
            assertNull(s.group("local.new"));
            relay(in, trusted.signed(control("checkgroups", body)));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.group("local.new") != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> s.group("local.old") == null);
            assertEquals(Group.MODERATED, s.group("local.mod").status());
            assertNotNull(s.group("other.group"), "another hierarchy is left alone");
            assertNotNull(s.group("local.keep"));
        }
    }

    @Test
    void theMailActionSendsTheOperatorTheMessage() throws Exception {
        NodeConfig config = config(RULES);
        try (Storage s = Storage.open(dir.resolve("data"), 16, Clock.systemUTC())) {
            Intake in = new Intake(s, config, Clock.systemUTC());
            relay(in, control("newgroup mailed.group", "please\r\n"));
            assertTrue(smtp.waitForIncomingEmail(10_000, 1));
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertEquals("op@me.example", m.getAllRecipients()[0].toString());
            String text = GreenMailUtil.getWholeMessage(m);
            assertTrue(text.contains("would create mailed.group"), text);
            assertTrue(text.contains("Control: newgroup mailed.group"), "the message as it arrived: " + text);
            assertNull(s.group("mailed.group"));
        }
    }

    @Test
    void aPostToAModeratedGroupWithoutApprovedGoesToItsModeratorIntact() throws Exception {
        NodeConfig config = config(RULES);
        try (Storage s = Storage.open(dir.resolve("data"), 16, Clock.systemUTC())) {
            s.createGroup("local.moderated", "", 'm', "t").join();
            s.createGroup("local.nomod", "", 'm', "t").join();
            Intake in = new Intake(s, config, Clock.systemUTC());
            var poster = new Intake.Poster("127.0.0.1:5000", "127.0.0.1", g -> true, g -> g.equals("local.moderated"));
            byte[] post = ("From: Poster <p@example.org>\r\nNewsgroups: local.moderated\r\nSubject: for the moderator\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\nLine one\r\n..dotted\r\nGrüße\r\n").getBytes(StandardCharsets.UTF_8);
            Intake.Verdict v = in.post(poster, post, post.length, "<sub@me.example>").join();
            assertEquals(Intake.Verdict.Kind.MAILED, v.kind());
            assertTrue(v.accepted(), "answered 240, as nnrpd does");
            assertNull(s.reader().byMessageId("<sub@me.example>"), "not stored: the moderator decides");
            assertTrue(smtp.waitForIncomingEmail(10_000, 1));
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertEquals("local-moderated@mods.example", m.getAllRecipients()[0].toString(), "%s: dots become dashes");
            assertEquals("for the moderator", m.getSubject());
            assertEquals("<sub@me.example>", m.getMessageID(), "the article's own Message-ID, not a new one");
            // GreenMail keeps the body without the CRLF that ends DATA's last line
            assertEquals("Line one\r\n..dotted\r\nGrüße", new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .stripTrailing(), "the body octets as posted");
            assertEquals("local.moderated", m.getHeader("Newsgroups", null));

            // the moderator posts it with Approved from a session with the approve right: stored
            byte[] approved = ("From: Poster <p@example.org>\r\nNewsgroups: local.moderated\r\nSubject: for the moderator\r\n"
                    + "Approved: mod@mods.example\r\nMessage-ID: <sub@me.example>\r\n\r\nLine one\r\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(Intake.Verdict.Kind.ACCEPTED, in.post(poster, approved, approved.length, "<x@me.example>").join().kind());

            // no moderators line names local.nomod... it matches local.mod*: give it a group no line names
            s.createGroup("free.moderated", "", 'm', "t").join();
            byte[] lost = ("From: p@example.org\r\nNewsgroups: free.moderated\r\nSubject: s\r\n\r\nb\r\n").getBytes(StandardCharsets.UTF_8);
            assertEquals("No moderator address for moderated group free.moderated",
                    in.post(poster, lost, lost.length, "<y@me.example>").join().reason());
        }
    }

    @Test
    void aMailServerThatIsDownMeansTheArticleIsRefusedNotLost() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        NodeConfig config = NodeConfig.parse("path-identity = \"me.example\"\n[moderation]\nmoderators = [\"*:%s@mods.example\"]\n"
                + "[mail]\nhost = \"127.0.0.1\"\nport = " + closedPort + "\n", dir.resolve("n.toml").toString());
        try (Storage s = Storage.open(dir.resolve("data"), 16, Clock.systemUTC())) {
            s.createGroup("local.moderated", "", 'm', "t").join();
            Intake in = new Intake(s, config, Clock.systemUTC());
            var poster = new Intake.Poster("127.0.0.1:5000", "127.0.0.1", g -> true, g -> false);
            byte[] post = "From: p@example.org\r\nNewsgroups: local.moderated\r\nSubject: s\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8);
            Intake.Verdict v = in.post(poster, post, post.length, "<down@me.example>").join();
            assertFalse(v.accepted());
            assertEquals("Can't send article to the moderator of local.moderated", v.reason());
        }
    }
}
