package org.newsnode.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.newsnode.cli.batch.BatchReader;
import org.newsnode.cli.batch.BatchWriter;
import org.newsnode.storage.text.Wildmat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** newsnode export: write stored articles as an rnews batch or an mbox. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write stored articles, oldest first, as an rnews batch (default) or an mbox, selected by "
                + "group wildmat and by the date they were posted.",
                "Exit codes: 0 written, 1 the file could not be written, 2 usage."},
        footer = {"", "Examples:", "  newsnode export --output local.rnews --groups 'local.*'",
                "  newsnode export --output 2026.mbox.gz --format mbox --gzip --since 2026-01-01 --until 2026-12-31"})
final class ExportCommand extends AdminCommand {
    enum Format { RNEWS, MBOX }

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "File to write.")
    Path output;

    @Option(names = "--groups", paramLabel = "WILDMAT", defaultValue = "*",
            description = "Articles in at least one matching group (default ${DEFAULT-VALUE}).")
    String groups;

    @Option(names = "--since", paramLabel = "DATE", description = "Posted on or after (YYYY-MM-DD or an ISO instant).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Posted on or before (YYYY-MM-DD: that whole day).")
    String until;

    @Option(names = "--format", paramLabel = "rnews|mbox", defaultValue = "rnews", description = "Default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--gzip", description = "Compress the output with gzip.")
    boolean gzip;

    @Override
    protected List<String> argvForNode(List<String> original) {
        List<String> argv = new ArrayList<>(original);
        int i = argv.indexOf("--output");
        if (i >= 0 && i + 1 < argv.size()) {
            argv.set(i + 1, output.toAbsolutePath().toString());
        } else {
            argv.replaceAll(a -> a.startsWith("--output=") ? "--output=" + output.toAbsolutePath() : a);
        }
        return argv;
    }

    @Override
    protected Path outputFile() {
        return output;
    }

    @Override
    protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
        Wildmat wanted;
        long from;
        long to;
        try {
            wanted = Wildmat.parse(groups);
            from = since == null ? Long.MIN_VALUE : instant(since, false);
            to = until == null ? Long.MAX_VALUE : instant(until, true);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long[] written = {0, 0};
        try (OutputStream file = new BufferedOutputStream(openOutput(output), 1 << 16);
             OutputStream sink = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
             BatchWriter w = new BatchWriter(sink, format == Format.RNEWS ? BatchReader.Format.RNEWS : BatchReader.Format.MBOX)) {
            IOException[] failure = {null};
            node.storage().forEachArticle(a -> {
                long posted = a.postedSeconds();
                if (posted < from || posted > to || a.groups().stream().noneMatch(wanted::matches)) {
                    return true;
                }
                try {
                    w.write(a.wire(), Instant.ofEpochMilli(a.arrivedMillis()));
                    written[0]++;
                    written[1] += a.wire().length;
                    return true;
                } catch (IOException e) {
                    failure[0] = e;
                    return false;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        } catch (IOException e) {
            err.println("newsnode export: " + output + ": " + e.getMessage());
            return 1;
        }
        out.printf("exported %,d articles (%,d octets) to %s%n", written[0], written[1], output);
        return 0;
    }

    /** Seconds since the epoch for a date (start or end of that UTC day) or an ISO instant. */
    private static long instant(String text, boolean endOfDay) {
        try {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (endOfDay ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1
                        : d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            }
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is neither YYYY-MM-DD nor an ISO instant");
        }
    }
}
