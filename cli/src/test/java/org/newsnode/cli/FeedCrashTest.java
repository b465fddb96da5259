package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;

/** A sending node (separate JVM) killed with kill -9 in the middle of a feed loses and duplicates nothing. */
@org.junit.jupiter.api.extension.ExtendWith(KillNodeProcesses.class)
class FeedCrashTest {
    @TempDir
    Path dir;

    @Test
    void senderKilledMidFeedResumesFromItsQueue() throws Exception {
        int port = FloodingTest.freePort();
        String sender = "127.0.0.21";
        String receiver = "127.0.0.22";
        Path sHome = dir.resolve("sender");
        Path rHome = dir.resolve("receiver");
        new NodeHome(sHome).init("sender.test", sender + ":" + port);
        new NodeHome(rHome).init("receiver.test", receiver + ":" + port);
        Files.writeString(sHome.resolve("newsnode.toml"), Files.readString(sHome.resolve("newsnode.toml"))
                + "\n[[peer]]\nname = \"receiver\"\nhost = \"" + receiver + "\"\nport = " + port
                + "\npath-identity = \"receiver.test\"\nsource-address = \"" + sender + "\"\n");
        Files.writeString(rHome.resolve("newsnode.toml"), Files.readString(rHome.resolve("newsnode.toml"))
                + "\n[[peer]]\nname = \"sender\"\nhost = \"" + sender + "\"\nport = " + port
                + "\npath-identity = \"sender.test\"\ngroups = \"!*\"\n");
        NodeHome rNodeHome = new NodeHome(rHome);
        // the receiver is down first, so the sender builds a backlog that it then streams out
        NodeProcess s = new NodeProcess(sHome);
        List<String> acked = new ArrayList<>();
        try (NntpTestClient c = new NntpTestClient(sender, port)) {
            for (int i = 0; i < 2000; i++) {
                String reply = c.post(NntpTestClient.article("local.test", "crash feed " + i, "body " + i));
                assertTrue(reply.startsWith("240 "), reply);
                acked.add(reply.substring(reply.indexOf('<')));
            }
        }
        try (Node r = Node.start(rNodeHome, rNodeHome.loadConfig())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> r.storage().group("local.test").count() >= 100);
            long atKill = r.storage().group("local.test").count();
            System.out.println("FeedCrashTest: receiver had " + atKill + " of " + acked.size() + " at the kill");
            s.process.destroyForcibly(); // kill -9 while the backlog streams out
            assertTrue(s.process.waitFor(30, TimeUnit.SECONDS));

            NodeProcess again = new NodeProcess(sHome);
            try {
                // every acknowledged article arrives, each once (awaitCount asserts exactly the count)
                FloodingTest.awaitCount(List.of(r), "local.test", acked.size());
                // the restarted sender re-offers what it had not seen answered: the receiver must say it has them
                await().atMost(Duration.ofSeconds(60)).until(() -> feedsQueue(sHome) == 0);
                assertEquals(acked.size(), r.storage().group("local.test").count(),
                        "each article once (the receiver had " + atKill + " when the sender was killed)");
                try (NntpTestClient c = new NntpTestClient(receiver, port)) {
                    for (String id : acked) {
                        assertTrue(c.cmd("STAT " + id).startsWith("223 0 " + id), id);
                    }
                }
            } finally {
                again.process.destroy();
                again.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** What the running sender (another process) has queued for the receiver, from `newsnode feeds`. */
    private static long feedsQueue(Path home) {
        CliTest.Run r = CliTest.run("feeds", "--home", home.toString());
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("receiver ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        return Long.parseLong(row.split("\\s+")[1]);
    }
}
