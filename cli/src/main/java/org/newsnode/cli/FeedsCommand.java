package org.newsnode.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import org.newsnode.feeder.FeedCounters;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.PeerConfig;
import picocli.CommandLine.Command;

/** newsnode feeds: one line per peer with its queue and the link's counters. */
@Command(name = "feeds", mixinStandardHelpOptions = true,
        description = {"Show each peer's queue (depth, oldest article) and, while the node runs, its link: "
                + "connected since, offered, accepted, refused (had it), rejected (would not take it), deferred, last error."},
        footer = {"", "Example:", "  newsnode feeds --home /srv/newsnode"},
        subcommands = {FeedsCommand.Flush.class})
final class FeedsCommand extends AdminCommand {
    /** newsnode feeds flush [PEER]: INN's ctlinnd flush. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = {"Make the running node connect to PEER (or to every peer) now, forgetting the backoff, and send "
                    + "what is queued (INN's `ctlinnd flush`): a peer that is up only for a moment is not missed."},
            footer = {"", "Examples:", "  newsnode feeds flush upstream", "  newsnode feeds flush"})
    static final class Flush extends AdminCommand {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "PEER", description = "A peer's name (default: all).")
        String peer;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            if (node.feeder() == null) {
                err.println("newsnode feeds flush: no node runs for this home; its queues wait for the next start");
                return 1;
            }
            if (!node.feeder().flush(peer)) {
                err.println("newsnode feeds flush: no peer named " + peer);
                return 1;
            }
            out.println(peer == null ? "flushed every peer" : "flushed " + peer);
            return 0;
        }
    }

    @Override
    protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
        java.util.List<PeerConfig> peers;
        try {
            peers = home.resolve().loadConfig().peers();
        } catch (ConfigException e) {
            err.println("newsnode feeds: " + e.getMessage());
            return 3;
        }
        Map<String, FeedCounters> counters = node.feeder() == null ? Map.of() : node.feeder().counters();
        Table t = new Table("PEER", "QUEUED", "OLDEST", "CONNECTED", "LINK", "OFFERED", "ACCEPTED", "REFUSED", "REJECTED",
                "DEFERRED", "LAST ERROR");
        for (PeerConfig p : peers) {
            var q = node.storage().queues().stats(p.name());
            FeedCounters c = counters.get(p.name());
            t.row(p.name(), q.depth(), time(q.oldestMillis()),
                    c == null ? "(node not running)" : time(c.connectedSince()),
                    c == null || c.layers() == null ? "-" : c.layers() + (c.noCheck() ? " nocheck" : ""),
                    c == null ? "-" : c.offered(), c == null ? "-" : c.accepted(), c == null ? "-" : c.refused(),
                    c == null ? "-" : c.rejected(), c == null ? "-" : c.deferred(),
                    c == null || c.lastError() == null ? "" : time(c.lastErrorMillis()) + " " + c.lastError());
        }
        t.print(out);
        return 0;
    }

    private static String time(long millis) {
        return millis == 0 ? "-" : Instant.ofEpochMilli(millis).toString().substring(0, 19).replace('T', ' ');
    }
}
