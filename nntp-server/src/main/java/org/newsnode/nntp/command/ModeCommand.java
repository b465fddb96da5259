package org.newsnode.nntp.command;

import java.util.List;
import java.util.Locale;
import org.newsnode.nntp.session.NntpSession;

/**
 * MODE READER (RFC 3977 §5.3): this node always serves readers, so it answers as to the
 * greeting: 200 when posting is allowed, 201 when not.
 */
final class ModeCommand extends AbstractCommand {
    ModeCommand() {
        super("MODE READER", 1, 1);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (!args.get(0).toUpperCase(Locale.ROOT).equals("READER")) {
            s.reply(501, "Unknown MODE variant");
            return;
        }
        s.response().line(Greeting.line(s)).send();
    }
}
