package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;

/** LAST (RFC 3977 §6.1.3): move to the previous article in the group. */
final class LastCommand extends AbstractCommand {
    LastCommand() {
        super("LAST", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        NextCommand.move(s, false);
    }
}
