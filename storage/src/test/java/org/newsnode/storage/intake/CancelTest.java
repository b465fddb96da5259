package org.newsnode.storage.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.HistoryState;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.testing.TestArticle;

/**
 * Cancels and Supersedes with Cancel-Lock (RFC 5537 §5.3, RFC 8315): a key that opens the
 * target's lock removes it, anything else leaves it; a cancel before its target is checked
 * when the target comes; all of it is in the log, so a crash snapshot keeps it.
 */
class CancelTest {
    @TempDir
    Path dir;
    private final Clock clock = Clock.systemUTC();
    private static final byte[] USER_SECRET = "a poster's own secret, 32 octets".getBytes(StandardCharsets.US_ASCII);

    private static final String CONFIG = "path-identity = \"me.example\"\n[[peer]]\nname = \"p\"\nhost = \"127.0.0.1\"\n"
            + "port = 9\npath-identity = \"p.example\"\n";

    private Storage open(Path home) throws Exception {
        Storage s = Storage.open(home, 16, clock);
        s.setPeers(NodeConfig.parse(CONFIG, "t.toml").peers());
        if (s.group("local.test") == null) {
            s.createGroup("local.test", "", 'y', "t").join();
        }
        return s;
    }

    private static Intake intake(Storage s, String extra) throws Exception {
        return new Intake(s, NodeConfig.parse(CONFIG.replace("[[peer]]", extra + "\n[[peer]]"), "t.toml"), Clock.systemUTC());
    }

    private static final Intake.Poster POSTER = new Intake.Poster("127.0.0.1:5000", "127.0.0.1", g -> true, g -> false);
    private static final Intake.Source PEER = Intake.Source.local("peer q");

    private static Intake.Verdict post(Intake in, TestArticle a, String id) {
        byte[] b = a.bytes();
        return in.post(POSTER, b, b.length, id).join();
    }

    private static Intake.Verdict relay(Intake in, TestArticle a, String id) {
        byte[] b = a.bytes();
        return in.relay(PEER, id, b, b.length, false).join();
    }

    private static TestArticle cancel(String target, String key) {
        TestArticle c = TestArticle.posted("local.test", "cmsg cancel " + target, "cancel").header("Control", "cancel " + target);
        return key == null ? c : c.header("Cancel-Key", key);
    }

    private static String lockOf(byte[] secret, String id) {
        return CancelLock.lockFor(CancelLock.key(secret, null, id));
    }

    @Test
    void aPostCarriesTheClientsLockAndTheNodesAndEitherKeyCancelsIt() throws Exception {
        try (Storage s = open(dir)) {
            Intake in = intake(s, "");
            String clientLock = lockOf(USER_SECRET, "<t1@me.example>");
            assertTrue(post(in, TestArticle.posted("local.test", "hello", "b").header("Message-ID", "<t1@me.example>")
                    .header("Cancel-Lock", clientLock), "<t1@me.example>").accepted());
            Article stored = Article.parse(s.reader().byMessageId("<t1@me.example>").wire());
            assertEquals(clientLock + " " + lockOf(s.cancelSecret(), "<t1@me.example>"), stored.header("Cancel-Lock"),
                    "RFC 8315 §4: the node's lock joins the client's, in one field");
            long before = s.group("local.test").count();

            // a key that opens neither lock: the target stays
            Intake.Verdict forged = post(in, cancel("<t1@me.example>", CancelLock.key("wrong".getBytes(), null, "<t1@me.example>")),
                    "<c0@me.example>");
            assertTrue(forged.accepted(), "the cancel itself is filed and flooded whatever is decided");
            assertNotNull(s.reader().byMessageId("<t1@me.example>"), "a forged cancel removes nothing");

            // the poster's own key (what `newsnode post` keeps for its user)
            assertTrue(post(in, cancel("<t1@me.example>", CancelLock.key(USER_SECRET, null, "<t1@me.example>")),
                    "<c1@me.example>").accepted());
            assertNull(s.reader().byMessageId("<t1@me.example>"), "cancelled");
            assertEquals(HistoryState.CANCELLED, s.history().state("<t1@me.example>"));
            assertEquals(before - 1, s.group("local.test").count(), "the group's count follows");
            assertTrue(s.queues().page("p", 0, 100).stream().filter(q -> q.messageId().equals("<t1@me.example>"))
                            .allMatch(q -> s.queues().article(q) == null),
                    "peers are not sent the cancelled article (its row reads as gone); they get the cancel");
            assertTrue(s.queues().page("p", 0, 100).stream().anyMatch(q -> q.messageId().equals("<c1@me.example>")));
            assertEquals(Intake.Verdict.Kind.DUPLICATE, relay(in, TestArticle.relayed("<t1@me.example>"), "<t1@me.example>").kind(),
                    "a late copy is refused");

            // the node's own key, for a post without a client lock
            assertTrue(post(in, TestArticle.posted("local.test", "second", "b").header("Message-ID", "<t2@me.example>"),
                    "<t2@me.example>").accepted());
            assertTrue(post(in, cancel("<t2@me.example>", CancelLock.key(s.cancelSecret(), null, "<t2@me.example>")),
                    "<c2@me.example>").accepted());
            assertNull(s.reader().byMessageId("<t2@me.example>"));
        }
    }

    @Test
    void aCancelBeforeItsTargetWinsOnlyWithAKeyForIt() throws Exception {
        try (Storage s = open(dir)) {
            Intake in = intake(s, "");
            String key = CancelLock.key(USER_SECRET, null, "<early@far.example>");
            assertTrue(relay(in, cancel("<early@far.example>", key).header("Message-ID", "<ce@far.example>")
                    .header("Path", "far.example!not-for-mail").header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"),
                    "<ce@far.example>").accepted());
            assertNotNull(s.waitingCancel("<early@far.example>"), "it waits for its target");
            Intake.Verdict target = relay(in, TestArticle.relayed("<early@far.example>")
                    .header("Cancel-Lock", lockOf(USER_SECRET, "<early@far.example>")), "<early@far.example>");
            assertEquals(Intake.Verdict.Kind.REFUSED, target.kind());
            assertEquals("Cancelled by <ce@far.example>", target.reason());
            assertEquals(HistoryState.CANCELLED, s.history().state("<early@far.example>"));
            assertNull(s.waitingCancel("<early@far.example>"));

            // a cancel whose key opens no lock of the target that comes later: the target is taken
            relay(in, cancel("<keep@far.example>", CancelLock.key("other".getBytes(), null, "<keep@far.example>"))
                    .header("Message-ID", "<ck@far.example>").header("Path", "far.example!not-for-mail")
                    .header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"), "<ck@far.example>");
            assertTrue(relay(in, TestArticle.relayed("<keep@far.example>")
                    .header("Cancel-Lock", lockOf(USER_SECRET, "<keep@far.example>")), "<keep@far.example>").accepted());
            assertNotNull(s.reader().byMessageId("<keep@far.example>"));
        }
    }

    @Test
    void withoutALockTheInjectingSiteDecidesByDefault() throws Exception {
        try (Storage s = open(dir)) {
            Intake in = intake(s, "");
            assertTrue(relay(in, TestArticle.relayed("<nolock@a.example>").header("Injection-Info", "a.example; posting-host=x")
                    .path("a.example!not-for-mail"), "<nolock@a.example>").accepted());
            relay(in, cancel("<nolock@a.example>", null).header("Message-ID", "<cx@b.example>")
                    .header("Injection-Info", "b.example").header("Path", "b.example!not-for-mail")
                    .header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"), "<cx@b.example>");
            assertNotNull(s.reader().byMessageId("<nolock@a.example>"), "injected elsewhere: not honoured");
            relay(in, cancel("<nolock@a.example>", null).header("Message-ID", "<ca@a.example>")
                    .header("Injection-Info", "a.example").header("Path", "a.example!not-for-mail")
                    .header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"), "<ca@a.example>");
            assertNull(s.reader().byMessageId("<nolock@a.example>"), "from the site that injected it: honoured");
        }
        Path other = dir.resolve("never");
        try (Storage s = open(other)) {
            Intake in = intake(s, "[control]\ncancel-without-lock = \"never\"");
            relay(in, TestArticle.relayed("<n@a.example>").path("a.example!not-for-mail"), "<n@a.example>");
            relay(in, cancel("<n@a.example>", null).header("Message-ID", "<cn@a.example>").header("Path", "a.example!not-for-mail")
                    .header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"), "<cn@a.example>");
            assertNotNull(s.reader().byMessageId("<n@a.example>"), "never: only a Cancel-Key cancels");
        }
    }

    @Test
    void supersedesReplacesTheOldArticleWithTheSameAuthorisation() throws Exception {
        try (Storage s = open(dir)) {
            Intake in = intake(s, "");
            post(in, TestArticle.posted("local.test", "v1", "first").header("Message-ID", "<v1@me.example>")
                    .header("Cancel-Lock", lockOf(USER_SECRET, "<v1@me.example>")), "<v1@me.example>");
            Intake.Verdict forged = post(in, TestArticle.posted("local.test", "v2", "second").header("Message-ID", "<v2@me.example>")
                    .header("Supersedes", "<v1@me.example>").header("Cancel-Key", CancelLock.key("x".getBytes(), null, "<v1@me.example>")),
                    "<v2@me.example>");
            assertTrue(forged.accepted(), "a Supersedes that may not replace is still an article");
            assertNotNull(s.reader().byMessageId("<v1@me.example>"), "and the old one stays");
            post(in, TestArticle.posted("local.test", "v3", "third").header("Message-ID", "<v3@me.example>")
                    .header("Supersedes", "<v1@me.example>").header("Cancel-Key", CancelLock.key(USER_SECRET, null, "<v1@me.example>")),
                    "<v3@me.example>");
            assertNull(s.reader().byMessageId("<v1@me.example>"), "replaced");
            assertNotNull(s.reader().byMessageId("<v3@me.example>"));
        }
    }

    @Test
    void aCancelSurvivesACrashSnapshotAndItsReplay() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Storage s = open(live)) {
            Intake in = intake(s, "");
            for (int i = 0; i < 20; i++) {
                post(in, TestArticle.posted("local.test", "n" + i, "b").header("Message-ID", "<n" + i + "@me.example>"),
                        "<n" + i + "@me.example>");
            }
            post(in, cancel("<n7@me.example>", CancelLock.key(s.cancelSecret(), null, "<n7@me.example>")), "<cn7@me.example>");
            relay(in, cancel("<later@far.example>", CancelLock.key(USER_SECRET, null, "<later@far.example>"))
                    .header("Message-ID", "<cl@far.example>").header("Path", "far.example!not-for-mail")
                    .header("Date", "Wed, 02 Dec 2026 06:00:00 +0000"), "<cl@far.example>");
            assertNull(s.reader().byMessageId("<n7@me.example>"));
            org.newsnode.storage.testing.CrashSnapshot.copy(live, crashed); // what a kill -9 right now would leave
        }
        try (Storage s = open(crashed)) {
            assertNull(s.reader().byMessageId("<n7@me.example>"), "the replay cancels it again");
            assertEquals(HistoryState.CANCELLED, s.history().state("<n7@me.example>"));
            assertEquals(19, s.group("local.test").count(), "19 left");
            assertEquals(2, s.group("control.cancel").count(), "the cancels are filed in control.cancel, as INN files them");
            assertNotNull(s.waitingCancel("<later@far.example>"), "a waiting cancel still waits");
            Intake in = intake(s, "");
            assertEquals("Cancelled by <cl@far.example>", relay(in, TestArticle.relayed("<later@far.example>")
                    .header("Cancel-Lock", lockOf(USER_SECRET, "<later@far.example>")), "<later@far.example>").reason());
        }
    }

    @Test
    void keysAndLocksAreLibcanlocksWhereItIsInstalled() throws Exception {
        // the canlock tool (libcanlock, which tin and INN link) as the oracle; .ci/run installs it
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/canlock")), "canlock not installed");
        for (String id : List.of("<abc@example>", "<x.y+z@news.example.org>")) {
            assertEquals(run("-k", id), CancelLock.key(USER_SECRET, null, id));
            assertEquals(run("-l", id), CancelLock.lockFor(CancelLock.key(USER_SECRET, null, id)));
            assertEquals(run("-k", "user" + id), CancelLock.key(USER_SECRET, "user", id));
        }
    }

    private static String run(String flag, String arg) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/canlock", flag, arg).redirectErrorStream(true).start();
        p.getOutputStream().write(USER_SECRET);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** The injecting site a lock-less cancel is compared with (RFC 5537 §3.2.8, then the Path's element before its tail). */
    @Test
    void injectingSiteIsInjectionInfosIdentityElseThePathElementBeforeTheTail() throws Exception {
        assertEquals("news.example", site(TestArticle.relayed("<s1@x>").path("a!b!not-for-mail")
                .header("Injection-Info", "news.example; posting-host=\"h\"")));
        assertEquals("news.example", site(TestArticle.relayed("<s2@x>").header("Injection-Info", " news.example\t;x=1")));
        assertEquals("b", site(TestArticle.relayed("<s3@x>").path("a!b!not-for-mail")));
        assertEquals("b", site(TestArticle.relayed("<s4@x>").path(" a!!b ! tail ")));
        assertEquals("a", site(TestArticle.relayed("<s5@x>").path("a!tail")));
        assertNull(site(TestArticle.relayed("<s6@x>").path("tail")));
        assertEquals("b", site(TestArticle.relayed("<s7@x>").path("x!b!tail").header("Injection-Info", ";posting-host=h")));
        assertEquals("b", site(TestArticle.relayed("<s8@x>").path("a!b!")));
        assertNull(site(TestArticle.relayed("<s9@x>").path("a!!")), "an empty element names no site");
        assertNull(site(TestArticle.relayed("<s10@x>").path("!tail")));
    }

    private static String site(TestArticle a) throws Exception {
        return CancelDesk.injectingSite(Article.parse(a.bytes()));
    }
}
