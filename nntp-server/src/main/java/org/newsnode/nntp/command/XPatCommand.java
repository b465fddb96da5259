package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.text.Wildmat;

/** XPAT (RFC 2980 §2.9): header values of a range or Message-ID that match any pattern. */
final class XPatCommand extends AbstractCommand implements Scanning {
    XPatCommand() {
        super("XPAT header range|message-ID pattern [pattern ...]", 3, Integer.MAX_VALUE);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String field = args.get(0);
        List<String> patterns = args.subList(2, args.size());
        Response r = s.response().line("221 Header or metadata information for " + field + " follows");
        HeaderValues.collect(s, field, args.get(1), (n, v) -> {
            for (String p : patterns) {
                if (Wildmat.matchPattern(p, v)) {
                    r.number(n).latin1(" ").latin1(v).crlf();
                    r.flushIfLarge();
                    return;
                }
            }
        }, st -> {
            if (!HeaderValues.replyFailure(s, st, field)) {
                r.end();
            }
        });
    }
}
