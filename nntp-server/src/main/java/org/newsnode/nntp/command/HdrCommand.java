package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/**
 * HDR (RFC 3977 §8.5) and XHDR (RFC 2980 §2.6): one header or metadata item for a range,
 * a Message-ID or the current article. An empty range is 423 for HDR and an empty 221 for
 * XHDR, as INN answers.
 */
final class HdrCommand extends AbstractCommand implements Scanning {
    private final boolean legacy;

    HdrCommand(boolean legacy) {
        super((legacy ? "XHDR" : "HDR") + " field [range|message-ID]", 1, 2);
        this.legacy = legacy;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String field = args.get(0);
        String selection = args.size() == 2 ? args.get(1) : null;
        Response r = s.response();
        int[] rows = {0};
        String status = (legacy ? "221" : "225") + " Header or metadata information for " + field + " follows";
        HeaderValues.collect(s, field, selection, (n, v) -> {
            if (rows[0]++ == 0) {
                r.line(status);
            }
            r.number(n).latin1(" ").latin1(v).crlf();
            r.flushIfLarge();
        }, st -> {
            if (HeaderValues.replyFailure(s, st, field)) {
                return;
            }
            if (rows[0] > 0) {
                r.end();
            } else if (legacy) {
                r.line(status).end();
            } else {
                s.reply(423, "No articles in " + (selection == null ? "current article" : selection));
            }
        });
    }
}
