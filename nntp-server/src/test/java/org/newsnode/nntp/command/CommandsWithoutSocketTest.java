package org.newsnode.nntp.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.codec.CommandLine;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.testing.RecordingTransport;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.store.Storage;

/** Commands run against a session on an in-memory transport: the logic needs no socket. */
class CommandsWithoutSocketTest {
    @TempDir
    Path dir;


    @Test
    void dateGroupPostAndQuitOnAFixedClock() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:34:56Z"), ZoneOffset.UTC);
        try (Storage storage = Storage.open(dir, 16, clock)) {
            storage.createGroup("local.unit", "", 'y', "test").join();
            ServerContext ctx = ServerContext.of(storage, TestNode.config("unit.node"), clock, "unit", Runnable::run);
            RecordingTransport t = new RecordingTransport();
            NntpSession s = new NntpSession(ctx, t, new CommandDispatcher(CommandRegistry.readerCommands()));
            s.receive(List.of(new CommandLine("DATE", false)));
            assertEquals(List.of("111 20261121123456"), t.lines());
            s.receive(List.of(new CommandLine("GROUP local.unit", false)));
            assertEquals(List.of("211 0 1 0 local.unit"), t.lines());
            s.receive(List.of(new CommandLine("POST", false)));
            assertTrue(t.blockExpected, "POST switches the transport to block mode before the 340");
            assertTrue(t.lines().get(0).startsWith("340 Ok, recommended Message-ID <"));
            byte[] art = "From: u@example.org\r\nNewsgroups: local.unit\r\nSubject: unit\r\nMessage-ID: <u@example.org>\r\n\r\nx\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            s.receive(List.of(new ArticleBlock(art, art.length, false, false)));
            // the reply comes once the writer thread has committed the article
            await().atMost(Duration.ofSeconds(10)).until(() -> t.sent.indexOf("\r\n") > 0);
            assertEquals(List.of("240 Article received <u@example.org>"), t.lines());
            List<String> head = new ArrayList<>();
            s.receive(List.of(new CommandLine("HEAD 1", false)));
            head.addAll(t.lines());
            assertTrue(head.contains("Injection-Info: unit.node; posting-host=\"192.0.2.7\""), head.toString());
            assertTrue(head.contains("Injection-Date: Sat, 21 Nov 2026 12:34:56 +0000"), head.toString());
            s.receive(List.of(new CommandLine("QUIT", false)));
            assertEquals(List.of("205 Bye!"), t.lines());
            assertTrue(t.closed);
            s.receive(List.of(new CommandLine("DATE", false)));
            assertEquals("", t.sent.toString(), "nothing is answered after QUIT");
        }
    }

    @Test
    void whatAClientQueuedBeforeHangingUpIsNotRun() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:34:56Z"), ZoneOffset.UTC);
        try (Storage storage = Storage.open(dir, 16, clock)) {
            storage.createGroup("local.unit", "", 'y', "test").join();
            ServerContext ctx = ServerContext.of(storage, TestNode.config("unit.node"), clock, "unit", Runnable::run);
            RecordingTransport t = new RecordingTransport();
            NntpSession s = new NntpSession(ctx, t, new CommandDispatcher(CommandRegistry.readerCommands()));
            s.receive(List.of(new CommandLine("POST", false)));
            t.lines();
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            var held = storage.writer().submit(tx -> {
                try {
                    hold.await(); // the writer is busy: the POST below waits for its commit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            byte[] art = "From: u@example.org\r\nNewsgroups: local.unit\r\nSubject: unit\r\nMessage-ID: <q@example.org>\r\n\r\nx\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            List<Object> burst = new ArrayList<>(List.of(new ArticleBlock(art, art.length, false, false)));
            for (int i = 0; i < 50; i++) {
                burst.add(new CommandLine("DATE", false)); // pipelined behind the POST: they wait their turn
            }
            s.receive(burst);
            s.closeNow(); // the client hangs up
            hold.countDown();
            held.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> storage.reader().byMessageId("<q@example.org>") != null);
            // a queued DATE would answer at once after the commit (no store, a fixed clock): for 300 ms nothing may come
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> t.sent.indexOf("111 ") < 0);
        }
    }
}
