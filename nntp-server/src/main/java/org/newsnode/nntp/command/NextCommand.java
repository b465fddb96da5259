package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.Group;

/** NEXT (RFC 3977 §6.1.4): move to the next article in the group. */
final class NextCommand extends AbstractCommand {
    NextCommand() {
        super("NEXT", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        move(s, true);
    }

    /** Shared with LAST: moves the current article and answers 223, or 421/422. */
    static void move(NntpSession s, boolean forward) {
        Group g = s.group();
        if (g == null) {
            Replies.noGroup(s);
            return;
        }
        if (s.current() < 0) {
            Replies.noCurrent(s);
            return;
        }
        var storage = s.context().storage();
        long n = forward ? storage.reader().nextNumber(g, s.current()) : storage.reader().previousNumber(g, s.current());
        String id = n < 0 ? null : storage.reader().messageIdAt(g, n);
        if (id == null) {
            s.reply(forward ? 421 : 422, forward ? "No next article to retrieve" : "No previous article to retrieve");
            return;
        }
        s.setCurrent(n);
        s.reply(223, n + " " + id + " Article retrieved; request text separately");
    }
}
