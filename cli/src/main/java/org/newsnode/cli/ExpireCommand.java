package org.newsnode.cli;

import java.io.PrintWriter;
import org.newsnode.storage.store.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** newsnode expire: run expiry now (the node also runs it every expiry.interval-minutes). */
@Command(name = "expire", mixinStandardHelpOptions = true,
        description = {"Expire articles now by the [expiry] rules of newsnode.toml: take them out of their groups "
                + "when their retention (or Expires) has passed, forget old history, give back article log segments.",
                "Shows progress per group; with --dry-run only reports what would go."},
        footer = {"", "Example:", "  newsnode expire --dry-run --home /srv/newsnode"})
final class ExpireCommand extends AdminCommand {
    @Option(names = "--dry-run", description = "Count what would be expired; change nothing.")
    boolean dryRun;

    @Override
    protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
        long t0 = System.nanoTime();
        int[] lastShown = {-1};
        Storage.ExpiryReport r = node.storage().expire(node.config().expiry(), dryRun, (done, total, rows) -> {
            int tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth != lastShown[0]) {
                lastShown[0] = tenth;
                out.printf("expire: [%-10s] %d/%d groups, %d articles out of their groups%n", "#".repeat(tenth), done,
                        total, rows);
                out.flush();
            }
        });
        out.printf("%s%d groups: %d articles out of their groups, %d articles deleted, %d history entries forgotten, "
                        + "%d sparse log segments compacted (%d articles moved), %d log segments (%d bytes) given back, "
                        + "in %.1f s%n", dryRun ? "dry run, nothing changed: " : "",
                r.groups(), r.rowsRemoved(), r.articlesRemoved(), r.historyPurged(), r.segmentsCompacted(),
                r.articlesMoved(), r.segmentsDeleted(), r.bytesFreed(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
