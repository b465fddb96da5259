package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.store.PeerQueues;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;

/**
 * kill -9 at random moments while several connections post and a peer streams articles in:
 * after each restart every acknowledged article (240, 239) is present and readable, nothing
 * is half-stored, the database opens cleanly, and the queue for the (unreachable) outgoing
 * peer still holds every posted article it has not acknowledged. Ten kills, one home.
 */
@org.junit.jupiter.api.extension.ExtendWith(KillNodeProcesses.class)
class CrashDurabilityTest {
    /** Ten in the suite; -Dcrash.rounds=50 for the soak (README, Durability). */
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    private static final int POSTERS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedArticleSurvivesRandomKills() throws Exception {
        Path home = dir.resolve("node");
        assertEquals(0, CliTest.run("init", home.toString(), "--path-identity", "crash.test", "--listen", "127.0.0.1:0").code());
        // the outgoing peer never answers (port 9): every posted article waits in its queue
        Files.writeString(home.resolve("newsnode.toml"), Files.readString(home.resolve("newsnode.toml"))
                + "\n[[peer]]\nname = \"up\"\nhost = \"127.0.0.1\"\nport = 9\npath-identity = \"up.test\"\n");
        Set<String> posted = ConcurrentHashMap.newKeySet();
        Set<String> fed = ConcurrentHashMap.newKeySet();
        Random random = new Random(20261121);
        for (int round = 0; round < ROUNDS; round++) {
            NodeProcess node = new NodeProcess(home);
            int r = round;
            Thread[] load = new Thread[POSTERS + 1];
            for (int t = 0; t < POSTERS; t++) {
                int poster = t;
                load[t] = new Thread(() -> post(node.port, r, poster, posted));
            }
            load[POSTERS] = new Thread(() -> feed(node.port, r, fed));
            for (Thread t : load) {
                t.start();
            }
            Thread.sleep(300 + random.nextInt(1200));
            node.process.destroyForcibly(); // kill -9 wherever it is
            assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
            for (Thread t : load) {
                t.join(30_000);
            }
            verify(home, posted, fed, round);
        }
        assertTrue(posted.size() > ROUNDS * 20, "load was applied: " + posted.size() + " posts acknowledged");
    }

    /** Posts until the connection dies; records each ID the node acknowledged with 240. */
    private static void post(int port, int round, int poster, Set<String> acked) {
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", port)) {
            for (int i = 0; ; i++) {
                String r = c.post(NntpTestClient.article("local.test", "r" + round + " p" + poster + " #" + i,
                        "crash round " + round + "\r\n.dot line " + i));
                if (!r.startsWith("240 ")) {
                    return;
                }
                acked.add(r.substring(r.indexOf('<')));
            }
        } catch (Exception e) {
            // the node was killed under us: what was acknowledged is recorded
        }
    }

    /** Streams articles in as the peer (it connects from 127.0.0.1): records each 239. */
    private static void feed(int port, int round, Set<String> acked) {
        try (NntpTestClient c = new NntpTestClient("127.0.0.1", port)) {
            if (!c.cmd("MODE STREAM").startsWith("203")) {
                return;
            }
            for (int i = 0; ; i++) {
                String id = "<feed." + round + "." + i + "@up.test>";
                String article = "Path: up.test!not-for-mail\r\nFrom: f@up.test\r\nNewsgroups: local.general\r\nSubject: fed "
                        + i + "\r\nDate: " + NetnewsDates.format(Instant.now()) + "\r\nMessage-ID: " + id + "\r\n\r\nfed " + i + "\r\n";
                c.send("TAKETHIS " + id + "\r\n" + NntpTestClient.dotStuff(article) + ".\r\n");
                String r = c.readLine();
                if (!r.startsWith("239 ")) {
                    return;
                }
                acked.add(id);
            }
        } catch (Exception e) {
            // killed
        }
    }

    private static void verify(Path home, Set<String> posted, Set<String> fed, int round) throws Exception {
        Path data = home.resolve("data");
        try (Storage s = Storage.open(data, 16, Clock.systemUTC())) {
            for (String id : posted) {
                StoredArticle a = s.reader().byMessageId(id);
                assertNotNull(a, "round " + round + ": acknowledged post " + id + " is missing");
                String text = new String(a.wire(), StandardCharsets.ISO_8859_1);
                assertTrue(text.contains("Message-ID: " + id) && text.contains("\r\n..dot line "), "readable: " + id);
            }
            for (String id : fed) {
                assertNotNull(s.reader().byMessageId(id), "round " + round + ": acknowledged TAKETHIS " + id + " is missing");
            }
            // every posted article is still queued for the peer that never took it; what it sent is not
            Set<String> queued = new HashSet<>();
            for (PeerQueues.Queued q : s.queues().page("up", 0, 1_000_000)) {
                queued.add(q.messageId());
            }
            assertTrue(queued.containsAll(posted), "round " + round + ": queue rows for every acknowledged post");
            assertTrue(fed.stream().noneMatch(queued::contains), "nothing queued back to the peer that sent it");
            // nothing half-stored: rows agree with each other and with the group counters
            assertEquals(List.of(), s.consistencyProblems(), "round " + round);
        }
    }
}
