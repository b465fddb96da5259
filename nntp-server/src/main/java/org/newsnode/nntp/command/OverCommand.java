package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.store.Group;

/**
 * OVER (RFC 3977 §8.3) and XOVER (RFC 2980 §2.8): overview lines by range, by Message-ID
 * (number 0) or for the current article. The whole listing goes out in large writes.
 * An empty range is 423 for OVER; XOVER answers an empty 224 as INN does.
 */
final class OverCommand extends AbstractCommand implements Scanning {
    private final boolean legacy;

    OverCommand(boolean legacy) {
        super((legacy ? "XOVER" : "OVER") + " [range|message-ID]", 0, 1);
        this.legacy = legacy;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (args.size() == 1 && MessageIds.looksLikeMessageId(args.get(0))) {
            byte[] ov = MessageIds.isValid(args.get(0)) ? s.context().storage().reader().overviewByMessageId(args.get(0)) : null;
            if (ov == null || !s.identity().mayReadArticle(args.get(0))) {
                Replies.hiddenMessageId(s, args.get(0));
                return;
            }
            s.response().line("224 Overview information follows").latin1("0\t").bytes(VisibleXref.inOverview(s, ov)).crlf().end();
            return;
        }
        if (args.size() == 1 && !Range.isValid(args.get(0))) {
            Replies.badRange(s); // RFC 3977 §3.2.1: syntax before the group (INN too)
            return;
        }
        Group g = s.freshGroup();
        if (g == null) {
            Replies.noGroup(s);
            return;
        }
        Range range;
        if (args.isEmpty()) {
            if (s.current() < 0) {
                Replies.noCurrent(s);
                return;
            }
            range = new Range(s.current(), s.current());
        } else {
            range = Range.parse(args.get(0), g.high());
            if (range == null) {
                Replies.badRange(s);
                return;
            }
        }
        Response r = s.response();
        boolean[] any = {false};
        ScanPages.walk(s, range.low(), range.high(), ScanPages.PAGE, (from, to, limit) -> s.context().storage().reader().overview(g, from, to,
                limit, (n, ov) -> {
                    if (!any[0]) {
                        r.line("224 Overview information follows");
                        any[0] = true;
                    }
                    r.number(n).latin1("\t").bytes(VisibleXref.inOverview(s, ov)).crlf();
                    r.flushIfLarge();
                }), () -> {
                    if (any[0]) {
                        r.end();
                    } else if (legacy) {
                        r.line("224 Overview information follows").end();
                    } else if (args.isEmpty()) {
                        Replies.noCurrent(s);
                    } else {
                        s.reply(423, "No articles in " + args.get(0));
                    }
                });
    }
}
