package org.newsnode.storage.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.HistoryState;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;

/** The one way in, with no session or socket: POST and relay verdicts, what is stored, queued and remembered. */
class IntakeTest {
    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Storage open(NodeConfig config) throws Exception {
        Storage s = Storage.open(dir, 16, clock);
        s.setPeers(config.peers());
        s.createGroup("local.test", "", 'y', "t").join();
        s.createGroup("local.mod", "", 'm', "t").join();
        return s;
    }

    @Test
    void aPostIsInjectedStoredAndQueuedForThePeer() throws Exception {
        NodeConfig config = NodeConfig.parse("path-identity = \"me.example\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "port = 9\npath-identity = \"p.example\"\n", "t.toml");
        try (Storage s = open(config)) {
            Intake intake = new Intake(s, config, clock);
            var poster = new Intake.Poster("127.0.0.1:5000", "127.0.0.1", g -> true, g -> false);
            byte[] post = bytes("From: a@b.example\r\nNewsgroups: local.test\r\nSubject: s\r\n\r\nbody\r\n");
            Intake.Verdict v = intake.post(poster, post, post.length, "<rec@me.example>").join();
            assertTrue(v.accepted(), String.valueOf(v));
            assertEquals("<rec@me.example>", v.messageId(), "the recommended ID when the client sent none");
            String wire = new String(s.reader().byMessageId("<rec@me.example>").wire(), StandardCharsets.ISO_8859_1);
            assertTrue(wire.startsWith("Path: me.example!not-for-mail\r\n"), wire);
            assertTrue(wire.contains("Injection-Info: me.example; posting-host=\"127.0.0.1\""), wire);
            assertEquals(1, s.queues().page("p", 0, 10).size(), "queued for the peer");

            Intake.Verdict again = intake.post(poster, post, post.length, "<rec@me.example>").join();
            assertEquals(Intake.Verdict.Kind.REFUSED, again.kind());
            assertEquals("435 Duplicate", again.reason(), "nnrpd's text");

            byte[] moderated = bytes("From: a@b.example\r\nNewsgroups: local.mod\r\nSubject: s\r\nApproved: a@b.example\r\n\r\nb\r\n");
            Intake.Verdict m = intake.post(poster, moderated, moderated.length, "<m@me.example>").join();
            assertEquals("Not allowed to approve articles in local.mod", m.reason());
            assertEquals("Article of 99999999 bytes exceeds local limit of " + config.maxArticleSize() + " bytes",
                    intake.post(poster, null, 99_999_999, "<big@me.example>").join().reason());
        }
    }

    @Test
    void aRelayedArticleGetsOurPathAndIsNotOfferedBackToItsSender() throws Exception {
        NodeConfig config = NodeConfig.parse("path-identity = \"me.example\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "port = 9\npath-identity = \"p.example\"\n[[peer]]\nname = \"q\"\nhost = \"127.0.0.2\"\nport = 9\n"
                + "path-identity = \"q.example\"\n", "t.toml");
        try (Storage s = open(config)) {
            Intake intake = new Intake(s, config, clock);
            var from = new Intake.Source("peer p", config.peers().subList(0, 1), true);
            byte[] a = bytes("Path: p.example!x\r\nFrom: a@b.example\r\nNewsgroups: local.test\r\nSubject: s\r\n"
                    + "Date: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <r@x>\r\n\r\nbody\r\n");
            assertTrue(intake.relay(from, "<r@x>", a, a.length, false).join().accepted());
            assertTrue(new String(s.reader().byMessageId("<r@x>").wire(), StandardCharsets.ISO_8859_1)
                    .startsWith("Path: me.example!p.example!x\r\n"), "RFC 5537 §3.6: our identity first");
            assertTrue(s.queues().page("p", 0, 10).isEmpty(), "not offered back to the peer that sent it");
            assertEquals(1, s.queues().page("q", 0, 10).size());

            assertEquals(Intake.Verdict.Kind.DUPLICATE, intake.relay(from, "<r@x>", a, a.length, false).join().kind());

            byte[] loop = bytes("Path: p.example!me.example!x\r\nFrom: a@b.example\r\nNewsgroups: local.test\r\nSubject: s\r\n"
                    + "Date: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <l@x>\r\n\r\nbody\r\n");
            Intake.Verdict v = intake.relay(from, "<l@x>", loop, loop.length, false).join();
            assertEquals("Path already contains me.example (loop)", v.reason());
            assertEquals(HistoryState.REJECTED, s.history().state("<l@x>"), "a refusal is remembered (remembertrash)");

            byte[] other = bytes("Path: p.example!x\r\nFrom: a@b.example\r\nNewsgroups: local.test\r\nSubject: s\r\n"
                    + "Date: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <o@x>\r\n\r\nbody\r\n");
            v = intake.relay(from, "<not-o@x>", other, other.length, false).join();
            assertEquals(Intake.Verdict.Kind.REFUSED, v.kind());
            assertFalse(s.history().known("<o@x>") || s.history().known("<not-o@x>"), "neither ID of a mismatch is remembered");
        }
    }

    @Test
    void anImportIsFromNobodySoEveryPeerGetsIt() throws Exception {
        NodeConfig config = NodeConfig.parse("path-identity = \"me.example\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "port = 9\npath-identity = \"p.example\"\n", "t.toml");
        try (Storage s = open(config)) {
            Intake intake = new Intake(s, config, clock);
            byte[] a = bytes("Path: elsewhere.example!x\r\nFrom: a@b.example\r\nNewsgroups: local.test\r\nSubject: s\r\n"
                    + "Date: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <i@x>\r\n\r\nbody\r\n");
            var pending = intake.relay(Intake.Source.local("import t"), null, a, a.length, true);
            s.commitQueued();
            assertTrue(pending.join().accepted());
            assertEquals(List.of("<i@x>"), s.queues().page("p", 0, 10).stream().map(PeerQueues.Queued::messageId).toList(),
                    "batched: committed when asked; from no peer, so queued for p");
        }
    }

    @Test
    void aControlMessageIsFiledInItsPseudoGroupAndFedByItsNewsgroups() throws Exception {
        NodeConfig config = NodeConfig.parse("path-identity = \"me.example\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
                + "port = 9\npath-identity = \"p.example\"\n[[peer]]\nname = \"q\"\nhost = \"127.0.0.2\"\nport = 9\n"
                + "path-identity = \"q.example\"\ngroups = \"local.*\"\n", "t.toml");
        try (Storage s = open(config)) {
            Intake intake = new Intake(s, config, clock);
            var from = new Intake.Source("peer p", config.peers().subList(0, 1), true);
            byte[] cancel = org.newsnode.storage.testing.TestArticle.relayed("<c1@x>").path("p.example!x")
                    .header("Control", "cancel <target@x>").date(clock.instant()).bytes();
            assertTrue(intake.relay(from, "<c1@x>", cancel, cancel.length, false).join().accepted());
            var pseudo = s.group("control.cancel");
            assertEquals(1, pseudo.count(), "filed in control.cancel, created on demand");
            assertEquals('n', pseudo.status(), "as INN's active file has it: no direct posts");
            assertEquals(0, s.group("local.test").count(), "not in the group it names (INN)");
            assertEquals(1, s.queues().page("q", 0, 10).size(), "fed by its Newsgroups: q takes local.*");

            byte[] newgroup = org.newsnode.storage.testing.TestArticle.relayed("<ng@x>").path("p.example!x").groups("comp.new")
                    .header("Control", "newgroup comp.new").date(clock.instant()).bytes();
            assertTrue(intake.relay(from, "<ng@x>", newgroup, newgroup.length, false).join().accepted(),
                    "a control message for a group this node does not carry is still taken");
            assertEquals(1, s.group("control.newgroup").count());

            byte[] ihave = org.newsnode.storage.testing.TestArticle.relayed("<ih@x>").path("p.example!x")
                    .header("Control", "ihave <a@x> site").date(clock.instant()).bytes();
            assertEquals("Obsolete control message type ihave", intake.relay(from, "<ih@x>", ihave, ihave.length, false)
                    .join().reason());

            var poster = new Intake.Poster("127.0.0.1:5000", "127.0.0.1", g -> true, g -> false);
            byte[] posted = bytes("From: a@b.example\r\nNewsgroups: local.test\r\nSubject: cmsg cancel <c1@x>\r\n"
                    + "Control: cancel <c1@x>\r\n\r\ncancel\r\n");
            assertTrue(intake.post(poster, posted, posted.length, "<pc@me.example>").join().accepted());
            assertEquals(2, s.group("control.cancel").count(), "a posted control message is filed the same way");
            assertEquals(0, s.group("local.test").count());
        }
    }
}
