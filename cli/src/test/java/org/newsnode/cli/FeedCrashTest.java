package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;

/** A sending node (separate JVM) killed with kill -9 in the middle of a feed loses and duplicates nothing. */
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
        try (Node r = Node.start(rNodeHome, rNodeHome.loadConfig())) {
            ServeProcessTest.NodeProcess s = new ServeProcessTest.NodeProcess(sHome);
            List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread poster = new Thread(() -> {
                try (NntpTestClient c = new NntpTestClient(sender, port)) {
                    for (int i = 0; i < 5000; i++) {
                        String reply = c.post(NntpTestClient.article("local.test", "crash feed " + i, "body " + i));
                        if (reply.startsWith("240 ")) {
                            acked.add(reply.substring(reply.indexOf('<')));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the sender was killed: articles without a 240 were never acknowledged
                }
            });
            poster.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (r.storage().group("local.test").count() < 300 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            long atKill = r.storage().group("local.test").count();
            s.process.destroyForcibly(); // kill -9 while posts arrive and the link streams them on
            assertTrue(s.process.waitFor(30, TimeUnit.SECONDS));
            poster.join(30_000);
            assertTrue(atKill >= 300 && acked.size() > atKill, "killed mid-feed: " + atKill + " of " + acked.size());

            ServeProcessTest.NodeProcess again = new ServeProcessTest.NodeProcess(sHome);
            try {
                long held;
                try (NntpTestClient c = new NntpTestClient(sender, port)) {
                    // what the sender holds after replay: every 240 it sent, plus perhaps one whose 240 the kill cut off
                    held = Long.parseLong(c.cmd("GROUP local.test").split(" ")[1]);
                }
                assertTrue(held == acked.size() || held == acked.size() + 1, held + " held, " + acked.size() + " acked");
                FloodingTest.awaitCount(List.of(r), "local.test", held);
                Thread.sleep(500); // any re-offer after the restart has been answered by now
                assertEquals(held, r.storage().group("local.test").count(),
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
}
