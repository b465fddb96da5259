package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** LISTGROUP (RFC 3977 §6.1.2): select a group and list its article numbers in a range. */
final class ListGroupCommand extends AbstractCommand implements Scanning {
    ListGroupCommand() {
        super("LISTGROUP [newsgroup [range]]", 0, 2);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (args.size() == 2 && !Range.isValid(args.get(1))) {
            Replies.badRange(s); // RFC 3977 §3.2.1: a syntax error is answered before the group is looked up (INN too)
            return;
        }
        Group g;
        if (args.isEmpty()) {
            g = s.freshGroup();
            if (g == null) {
                Replies.noGroup(s);
                return;
            }
        } else {
            g = Replies.readableGroup(s, args.get(0));
            if (g == null) {
                return;
            }
        }
        Range range = new Range(g.low(), g.high());
        if (args.size() == 2) {
            range = Range.parse(args.get(1), g.high());
            if (range == null) {
                Replies.badRange(s);
                return;
            }
        }
        s.selectGroup(g, g.isEmpty() ? -1 : g.low());
        s.counters().groupsSelected++;
        Response r = s.response().line("211 " + g.count() + " " + g.low() + " " + g.high() + " " + g.name());
        ScanPages.walk(s, range.low(), range.high(), ScanPages.PAGE * 10, (from, to, limit) -> s.context().storage().reader().numbers(g,
                from, to, limit, n -> {
                    r.number(n).crlf();
                    r.flushIfLarge();
                }), r::end);
    }
}
