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
        Set<String> wantedDist = distributions;
        Set<String> sent = new HashSet<>();
        Response r = s.response().line("230 New news follows");
        s.context().storage().newNews(since.toEpochMilli(), (id, dist, group) -> {
            if (!groups.matches(group) || !s.mayRead(group) || sent.contains(id) || !distributionMatches(dist, wantedDist)) {
                return;
            }
            sent.add(id);
            r.line(id);
            r.flushIfLarge();
        });
        r.end();
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
