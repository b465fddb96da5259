package org.newsnode.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.newsnode.cli.batch.BatchReader;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.intake.Intake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** newsnode import: take articles from rnews batches or mbox files, checked like a peer feed. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import articles from rnews batches (\"#! rnews N\", also gzip-compressed or after \"#! gunbatch\") "
                + "or mbox files. Each article goes through the same checks as one a peer feeds: duplicates are "
                + "counted and skipped, Path gets this node prepended, refusals are remembered, peers get it queued.",
                "Ends with a summary: accepted, duplicate, refused by reason. Exit codes: 0 read to the end "
                        + "(refusals included), 1 a file could not be read."},
        footer = {"", "Examples:", "  newsnode import batch.rnews --home /srv/newsnode",
                "  newsnode import old/*.rnews.gz archive.mbox"})
final class ImportCommand extends AdminCommand {
    /** Articles handed to the writer before one commit. */
    private static final int COMMIT_EVERY = 200;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "rnews batch or mbox file (gzip recognised).")
    List<Path> files = new ArrayList<>();

    @Override
    protected List<String> argvForNode(List<String> original) {
        List<String> argv = new ArrayList<>(List.of("import", "--home", home.resolve().dir().toString()));
        files.forEach(f -> argv.add(f.toAbsolutePath().toString()));
        return argv;
    }

    @Override
    protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
        ServerContext ctx = node.serverContext();
        Tally tally = new Tally();
        boolean live = !insideNode() && System.console() != null;
        int exit = 0;
        long t0 = System.nanoTime();
        for (Path file : files) {
            // no peer: every peer whose rules match gets the articles
            Intake.Source origin = Intake.Source.local("import " + file.getFileName());
            Intake intake = ctx.intake();
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                err.println("newsnode import: " + file + ": " + e.getMessage());
                exit = 1;
                continue;
            }
            Progress progress = new Progress(out, file, size, live);
            List<CompletableFuture<Intake.Verdict>> pending = new ArrayList<>();
            try (InputStream raw = Files.newInputStream(file); CountingStream counted = new CountingStream(raw);
                 BatchReader batch = BatchReader.open(counted, ctx.config().maxArticleSize())) {
                BatchReader.Item item;
                long n = 0;
                while ((item = batch.next()) != null) {
                    n++;
                    if (item.tooLarge()) {
                        // refused by its size alone, as a peer's article is, without holding it
                        pending.add(intake.relay(origin, null, null, item.size(), true));
                    } else if (isKnown(ctx, item.octets())) {
                        tally.duplicates++;
                    } else {
                        pending.add(intake.relay(origin, null, item.octets(), item.octets().length, true));
                    }
                    if (pending.size() >= COMMIT_EVERY) {
                        tally.settle(ctx, pending);
                    }
                    progress.show(n, counted.count);
                }
                tally.settle(ctx, pending);
                progress.done(n, batch.format());
            } catch (IOException e) {
                err.println("newsnode import: " + file + ": " + e.getMessage());
                exit = 1;
                tally.settle(ctx, pending); // what was read before the fault still counts
            }
        }
        long refusedTotal = tally.refused.values().stream().mapToLong(Long::longValue).sum();
        out.printf("imported in %.1f s: %d accepted, %d duplicate, %d refused%n", (System.nanoTime() - t0) / 1e9,
                tally.accepted, tally.duplicates, refusedTotal);
        tally.refused.forEach((reason, count) -> out.printf("  %6d refused: %s%n", count, reason));
        out.flush();
        return exit;
    }

    /** Duplicates are answered from history first, as a peer's CHECK/IHAVE would be. */
    private static boolean isKnown(ServerContext ctx, byte[] article) {
        try {
            String id = Article.parse(article).header("Message-ID");
            return id != null && ctx.storage().history().known(id.strip());
        } catch (ArticleFormatException e) {
            return false; // the acceptance checks give the reason
        }
    }

    /** A reason without innd's quoted detail (`Too old -- "date"`), so the summary counts kinds, not dates. */
    static String reasonKind(String reason) {
        int dash = reason == null ? -1 : reason.indexOf(" -- \"");
        return dash < 0 ? reason : reason.substring(0, dash);
    }

    /** The outcomes so far, over every file: accepted, duplicates, refusals by reason. */
    private static final class Tally {
        long accepted;
        long duplicates;
        final Map<String, Long> refused = new TreeMap<>();

        /** Commits what is queued and counts its outcomes. */
        void settle(ServerContext ctx, List<CompletableFuture<Intake.Verdict>> pending) {
            ctx.storage().commitQueued();
            for (CompletableFuture<Intake.Verdict> f : pending) {
                Intake.Verdict o = f.join();
                switch (o.kind()) {
                    case ACCEPTED -> accepted++;
                    case DUPLICATE -> duplicates++;
                    case REFUSED -> refused.merge(reasonKind(o.reason()), 1L, Long::sum);
                }
            }
            pending.clear();
        }
    }

    /** A progress bar on a terminal; otherwise nothing until the summary. */
    private static final class Progress {
        private final PrintWriter out;
        private final Path file;
        private final long size;
        private final boolean live;
        private long shownAt;

        Progress(PrintWriter out, Path file, long size, boolean live) {
            this.out = out;
            this.file = file;
            this.size = size;
            this.live = live;
        }

        void show(long articles, long bytes) {
            long now = System.nanoTime();
            if (!live || now - shownAt < 200_000_000L) {
                return;
            }
            shownAt = now;
            int pct = size == 0 ? 100 : (int) Math.min(100, bytes * 100 / size);
            out.printf("\rimport %s [%-20s] %3d%% %,d articles", file.getFileName(), "#".repeat(pct / 5), pct, articles);
            out.flush();
        }

        void done(long articles, BatchReader.Format format) {
            out.printf("%simport %s: %,d articles (%s)%n", live ? "\r" : "", file.getFileName(), articles,
                    format == BatchReader.Format.RNEWS ? "rnews batch" : "mbox");
        }
    }

    /** Counts the octets read from the file (before decompression), for the progress bar. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
