package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.Group;

/** GROUP (RFC 3977 §6.1.1): select a group; the current article becomes its first one. */
final class GroupCommand extends AbstractCommand {
    GroupCommand() {
        super("GROUP newsgroup", 1, 1);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        Group g = Replies.readableGroup(s, args.get(0));
        if (g == null) {
            return;
        }
        s.selectGroup(g, g.isEmpty() ? -1 : g.low());
        s.counters().groupsSelected++;
        s.reply(211, g.count() + " " + g.low() + " " + g.high() + " " + g.name());
    }
}
