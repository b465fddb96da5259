package org.newsnode.nntp.command;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.text.Wildmat;

/**
 * NEWNEWS wildmat date time [GMT] [&lt;distributions&gt;] (RFC 3977 §7.4; distributions as in
 * RFC 977): Message-IDs of articles that arrived since then in matching groups, each once.
 */
final class NewNewsCommand extends AbstractCommand implements Scanning {
    NewNewsCommand() {
        super("NEWNEWS wildmat [yy]yymmdd hhmmss [GMT] [<distributions>]", 3, 5);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (!Wildmat.isValid(args.get(0))) {
            s.reply(501, "Syntax error in wildmat");
            return;
        }
        Wildmat groups = Wildmat.parse(args.get(0));
        Instant since = DateTimeArgs.parse(args, 1, s.context().clock().instant(), ZoneId.systemDefault());
        int rest = DateTimeArgs.after(args, 1);
        Set<String> distributions = null;
        if (rest < args.size()) {
            String d = args.get(rest);
            if (rest + 1 != args.size() || !d.startsWith("<") || !d.endsWith(">") || d.length() < 3) {
                s.reply(501, "Syntax is: " + syntax());
                return;
            }
            distributions = new HashSet<>(List.of(d.substring(1, d.length() - 1).split(",")));
        }
        if (since == null) {
            s.reply(501, "Syntax is: " + syntax());
            return;
        }
        Response r = s.response().line("230 New news follows");
        page(s, since.toEpochMilli(), 0, new long[] {-1}, groups, distributions, r);
    }

    /**
     * One step: the next page of articles by arrival; an article's rows (one per group) come
     * together, so "each once" needs only the last one sent, not a set of every ID.
     */
    private static void page(NntpSession s, long since, long after, long[] lastSent, Wildmat groups, Set<String> wantedDist,
                             Response r) {
        long last = s.context().storage().reader().newNews(since, after, ScanPages.PAGE, (articleId, id, dist, group) -> {
            if (articleId == lastSent[0] || !groups.matches(group) || !s.identity().mayRead(group) || !distributionMatches(dist, wantedDist)) {
                return;
            }
            lastSent[0] = articleId;
            r.line(id);
            r.flushIfLarge();
        });
        if (last < 0) {
            r.end();
        } else {
            s.scanMore(() -> page(s, since, last, lastSent, groups, wantedDist, r));
        }
    }

    private static boolean distributionMatches(String articleDist, Set<String> wanted) {
        if (wanted == null) {
            return true;
        }
        if (articleDist == null) {
            return false;
        }
        for (String d : articleDist.split(",")) {
            if (wanted.contains(d.strip())) {
                return true;
            }
        }
        return false;
    }
}
