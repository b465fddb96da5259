package org.newsnode.nntp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.codec.CommandLine;
import org.newsnode.nntp.codec.InputBatch;
import org.newsnode.nntp.codec.NntpDecoder;
import org.newsnode.nntp.command.CommandDispatcher;
import org.newsnode.nntp.command.CommandRegistry;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.testing.RecordingTransport;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.ArticleRules;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.text.Wildmat;

/**
 * Coverage-guided fuzzing (Jazzer) of what reads untrusted bytes: the command codec with a
 * whole session behind it, the article parser, the wildmat matcher and the config loader.
 * Without JAZZER_FUZZ these replay the inputs kept under src/test/resources (every finding
 * is kept there as a regression input); with JAZZER_FUZZ=1 each target is fuzzed for a while.
 */
class ParserFuzzTest {
    private static final int MAX_LINE = 512;
    private static final int MAX_BLOCK = 4096;
    private static Path dir;
    private static Storage storage;
    private static ServerContext context;
    private static CommandDispatcher dispatcher;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("newsnode-fuzz");
        storage = Storage.open(dir.resolve("data"), 16, false, Clock.systemUTC());
        storage.createGroup("local.test", "fuzzing", Group.POSTING, "fuzz").join();
        context = ServerContext.of(storage, TestNode.config("fuzz.node"), Clock.systemUTC(), "fuzz", Runnable::run);
        dispatcher = new CommandDispatcher(CommandRegistry.readerCommands());
    }

    @AfterAll
    static void close() throws Exception {
        storage.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The session's answers recorded; the decoder is told when a block comes. */
    private static final class Capture extends RecordingTransport {
        final IoSession io;

        Capture(IoSession io) {
            this.io = io;
        }

        @Override
        public void expectBlock() {
            super.expectBlock();
            io.setAttribute(NntpDecoder.EXPECT_BLOCK, Boolean.TRUE);
        }
    }

    /**
     * Any octets, cut into reads at any points: the decoder bounds every line and block, and
     * the session answers every command without an internal fault (a 403 would mean an
     * exception escaped a command).
     */
    @FuzzTest(maxDuration = "15s")
    void commandStream(FuzzedDataProvider data) throws Exception {
        DummySession io = new DummySession();
        Capture t = new Capture(io);
        NntpSession s = new NntpSession(context, t, dispatcher);
        NntpDecoder decoder = new NntpDecoder(MAX_LINE, MAX_BLOCK);
        List<Object> decoded = new ArrayList<>();
        ProtocolDecoderOutput sink = new ProtocolDecoderOutput() {
            @Override
            public void write(Object message) {
                decoded.add(message);
            }

            @Override
            public void flush(IoFilter.NextFilter next, IoSession session) {
            }
        };
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 700));
            IoBuffer in = IoBuffer.wrap(chunk);
            decoder.decode(io, in, sink);
            assertFalse(in.hasRemaining(), "the decoder takes every octet it is given");
            for (Object m : decoded) {
                List<?> batch = m instanceof InputBatch b ? b.messages() : List.of(m);
                for (Object x : batch) {
                    if (x instanceof CommandLine l) {
                        assertTrue(l.text().length() <= MAX_LINE, "line bounded");
                    } else if (x instanceof ArticleBlock a) {
                        assertTrue(a.data().length <= MAX_BLOCK + 2 || a.tooLarge(), "block bounded");
                    }
                }
                s.receive(batch);
            }
            decoded.clear();
        }
        assertEquals(0, s.counters().faults, "an exception escaped a command or article handler:\n" + t.sent);
    }

    /** Article parsing and the header rules either accept or refuse with a reason; nothing else escapes. */
    @FuzzTest(maxDuration = "15s")
    void articleParser(byte[] raw) {
        if (raw == null) {
            return; // Jazzer also tries null for an object parameter
        }
        try {
            Article a = Article.parse(raw);
            assertTrue(a.headerEnd() <= a.bodyStart() && a.bodyStart() <= a.size(), "header, then body, inside the article");
            for (var f : a.fields()) {
                assertTrue(a.count(f.name()) >= 1, "every parsed field is found by name: " + f.name());
            }
            // a rewrite that changes nothing parses to the same fields (what relaying does to Path)
            Article again = Article.parse(a.rewrite(List.of(), List.of(), List.of()).raw());
            assertEquals(a.fields().size(), again.fields().size());
            ArticleRules.checkHeaders(a);
        } catch (ArticleFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }

    /** Wildmats parse or are refused as invalid; matching never fails; a plain name matches itself only. */
    @FuzzTest(maxDuration = "15s")
    void wildmat(FuzzedDataProvider data) {
        String pattern = data.consumeString(100);
        String text = data.consumeRemainingAsString();
        Wildmat w;
        try {
            w = Wildmat.parse(pattern);
        } catch (IllegalArgumentException e) {
            return;
        }
        w.matches(text);
        if (pattern.matches("[a-z0-9.]+")) {
            assertEquals(text.equals(pattern), w.matches(text), pattern + " vs " + text);
        }
    }

    /** The config loader accepts a file or names what is wrong; no other exception escapes. */
    @FuzzTest(maxDuration = "15s")
    void configLoader(String toml) {
        if (toml == null) {
            return;
        }
        try {
            NodeConfig.parse(toml, "fuzz.toml");
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("fuzz.toml"), e.getMessage());
        }
    }
}
