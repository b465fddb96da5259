package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;

/** QUIT (RFC 3977 §5.4): 205, then the server closes the connection. */
final class QuitCommand extends AbstractCommand {
    QuitCommand() {
        super("QUIT", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        s.reply(205, "Bye!");
        s.close();
    }
}
