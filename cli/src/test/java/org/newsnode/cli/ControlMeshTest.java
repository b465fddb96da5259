package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.intake.ControlKey;
import org.newsnode.storage.store.HistoryState;

/**
 * The network runs itself, on five nodes in a ring over real sockets: a newgroup signed by
 * the key every node trusts creates the group everywhere and the articles posted right after
 * it reach every node (none lost to the race); an unsigned one is created nowhere; rmgroup
 * likewise; a cancel with the right Cancel-Key removes its target everywhere, a forged one
 * nowhere, and a cancel that comes before its target still wins.
 */
class ControlMeshTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final com.icegreen.greenmail.junit5.GreenMailExtension smtp = new com.icegreen.greenmail.junit5.GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "smtp"));

    @TempDir
    Path dir;
    List<Node> nodes;
    int port;
    static final int N = 5;

    @BeforeEach
    void start() throws Exception {
        ControlKey key = ControlKey.generate("mesh.admin <usenet@n0.test>");
        Path keyring = Files.writeString(dir.resolve("mesh-keyring.asc"), key.publicArmored());
        port = FloodingTest.freePort();
        int[][] ring = new int[N][];
        for (int i = 0; i < N; i++) {
            ring[i] = new int[] {(i + N - 1) % N, (i + 1) % N};
        }
        nodes = FloodingTest.start(dir, N, ring, port, "[control]\nkeyring = \"" + keyring + "\"\nrules = [\"all:*:*:log\", "
                + "\"newgroup:*:mesh.*:verify-mesh.admin\", \"rmgroup:*:mesh.*:verify-mesh.admin\"]\n"
                + "[moderation]\nmoderators = [\"mesh.*:%s@mods.test\"]\n[mail]\nhost = \"127.0.0.1\"\nport = "
                + smtp.getSmtp().getPort() + "\n"
                // this test's client stands for readers (post) and for the moderator (approve, mesh.* only)
                + "[[access]]\nname = \"local\"\naddresses = [\"127.0.0.1\"]\nread = \"*\"\npost = \"*\"\napprove = \"mesh.*\"\n");
        key.save(dir.resolve("n0").resolve(ControlCommand.KEY_FILE));
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.forEach(Node::close);
        }
    }

    private String post(int at, String article) throws Exception {
        try (NntpTestClient c = new NntpTestClient(FloodingTest.address(at), port)) {
            String r = c.post(article);
            assertTrue(r.startsWith("240 "), r);
            return r.substring(r.indexOf('<'), r.indexOf('>') + 1);
        }
    }

    private void everywhere(java.util.function.Predicate<Node> what) {
        for (Node n : nodes) {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> what.test(n));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                for (Node m : nodes) { // what each node holds, to tell a lost article from a slow one
                    System.out.println("at " + m.config().pathIdentity() + ": " + m.storage().groups().stream()
                            .map(g -> g.name() + "=" + g.count()).toList());
                }
                throw e;
            }
        }
    }

    @Test
    void groupsAreCreatedAndRemovedByTheTrustedKeyAloneAndNoArticleIsLostToTheRace() throws Exception {
        String home0 = dir.resolve("n0").toString();
        CliTest.Run made = CliTest.run("control", "newgroup", "mesh.talk", "--description", "Mesh talk", "--home", home0);
        assertEquals(0, made.code(), made.err());
        // right after it, before the newgroup can have reached the far side of the ring
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            ids.add(post(0, NntpTestClient.article("mesh.talk", "right after " + k, "b " + k)));
        }
        everywhere(n -> n.storage().group("mesh.talk") != null && n.storage().group("mesh.talk").count() == 20);
        for (Node n : nodes) {
            assertEquals("Mesh talk", n.storage().group("mesh.talk").description());
            for (String id : ids) {
                assertNotNull(n.storage().reader().byMessageId(id), id + " at " + n.config().pathIdentity());
            }
        }

        // the same for a hierarchy, unsigned: logged everywhere, created nowhere
        post(2, "From: someone@n2.test\r\nApproved: someone@n2.test\r\nNewsgroups: mesh.rogue\r\nSubject: cmsg newgroup mesh.rogue\r\n"
                + "Control: newgroup mesh.rogue\r\n\r\nplease\r\n");
        FloodingTest.awaitQueuesEmpty(nodes);
        everywhere(n -> n.storage().group("control.newgroup") != null && n.storage().group("control.newgroup").count() == 2);
        CliTest.Run marker = CliTest.run("control", "newgroup", "mesh.marker", "--home", home0);
        assertEquals(0, marker.code(), marker.err());
        everywhere(n -> n.storage().group("mesh.marker") != null); // the control thread acts in order: rogue was decided
        for (Node n : nodes) {
            assertNull(n.storage().group("mesh.rogue"), "unsigned: not created at " + n.config().pathIdentity());
        }

        CliTest.Run removed = CliTest.run("control", "rmgroup", "mesh.talk", "--home", home0);
        assertEquals(0, removed.code(), removed.err());
        everywhere(n -> n.storage().group("mesh.talk") == null);
    }

    @Test
    void aCancelWithTheRightKeyRemovesItsTargetEverywhereAndAForgedOneNowhere() throws Exception {
        Path mine = dir.resolve("poster.secret");
        byte[] secret = PosterSecret.load(mine);
        String id = "<target.1@n3.test>";
        post(3, NntpTestClient.article("local.test", "to cancel", "b").replace("Subject:", "Message-ID: " + id + "\r\nCancel-Lock: "
                + CancelLock.lockFor(CancelLock.key(secret, null, id)) + "\r\nSubject:"));
        everywhere(n -> n.storage().reader().byMessageId(id) != null);

        CliTest.Run forged = CliTest.run("cancel", id, "--server", FloodingTest.address(4) + ":" + port, "--cancel-secret",
                dir.resolve("forger.secret").toString());
        assertEquals(0, forged.code(), forged.err());
        FloodingTest.awaitQueuesEmpty(nodes);
        everywhere(n -> n.storage().group("control.cancel") != null && n.storage().group("control.cancel").count() == 1);
        for (Node n : nodes) {
            assertNotNull(n.storage().reader().byMessageId(id), "a forged cancel removes nothing at " + n.config().pathIdentity());
        }

        CliTest.Run cancel = CliTest.run("cancel", id, "--server", FloodingTest.address(1) + ":" + port, "--cancel-secret",
                mine.toString());
        assertEquals(0, cancel.code(), cancel.err());
        everywhere(n -> n.storage().reader().byMessageId(id) == null);
        for (Node n : nodes) {
            assertEquals(HistoryState.CANCELLED, n.storage().history().state(id));
        }

        // a cancel that comes before its target: it waits on every node, and the target is taken nowhere
        String early = "<target.2@n2.test>";
        post(4, "From: poster@example.org\r\nNewsgroups: local.test\r\nSubject: cmsg cancel " + early + "\r\nControl: cancel "
                + early + "\r\nCancel-Key: " + CancelLock.key(secret, null, early) + "\r\n\r\ncancel\r\n");
        everywhere(n -> n.storage().waitingCancel(early) != null);
        post(2, NntpTestClient.article("local.test", "late target", "b").replace("Subject:", "Message-ID: " + early
                + "\r\nCancel-Lock: " + CancelLock.lockFor(CancelLock.key(secret, null, early)) + "\r\nSubject:"));
        FloodingTest.awaitQueuesEmpty(nodes);
        // n2 takes the post and cancels it at once; its neighbours refuse it, so it never travels further
        everywhere(n -> n.storage().reader().byMessageId(early) == null);
        assertEquals(HistoryState.CANCELLED, nodes.get(2).storage().history().state(early));
        for (Node n : nodes) {
            // who saw it depends on how far it got before n2 cancelled it: each either refused it or still waits for it
            HistoryState st = n.storage().history().state(early);
            assertTrue(st == HistoryState.CANCELLED ? n.storage().waitingCancel(early) == null
                    : st == null && n.storage().waitingCancel(early) != null, n.config().pathIdentity() + ": " + st);
        }
    }

    @Test
    void aPostToAModeratedGroupReachesItsModeratorByMailAndTheApprovedPostEveryNode() throws Exception {
        CliTest.Run made = CliTest.run("control", "newgroup", "mesh.moderated", "--moderated", "--home", dir.resolve("n0").toString());
        assertEquals(0, made.code(), made.err());
        everywhere(n -> n.storage().group("mesh.moderated") != null && n.storage().group("mesh.moderated").status() == 'm');

        String submitted = post(3, "From: poster@example.org\r\nNewsgroups: mesh.moderated\r\nSubject: please approve\r\n\r\n"
                + "my submission\r\n");
        assertTrue(smtp.waitForIncomingEmail(10_000, 1));
        var mail = smtp.getReceivedMessages()[0];
        assertEquals("mesh-moderated@mods.test", mail.getAllRecipients()[0].toString());
        assertEquals(submitted, mail.getMessageID(), "the submission as it was posted");
        for (Node n : nodes) {
            assertNull(n.storage().reader().byMessageId(submitted), "not stored anywhere: the moderator decides");
        }

        // the moderator posts it, approved, at another node (as moderation software does, without the injection fields)
        String approved = post(1, "From: poster@example.org\r\nNewsgroups: mesh.moderated\r\nSubject: please approve\r\n"
                + "Approved: mod@mods.test\r\nMessage-ID: " + submitted + "\r\n\r\nmy submission\r\n");
        assertEquals(submitted, approved);
        everywhere(n -> n.storage().reader().byMessageId(submitted) != null);
    }
}
