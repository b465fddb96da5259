package org.newsnode.nntp.command;

import java.util.List;
import java.util.Locale;
import org.newsnode.nntp.session.NntpSession;

/**
 * MODE READER (RFC 3977 §5.3): this node always serves readers, so it answers as to the
 * greeting: 200 when posting is allowed, 201 when not. MODE STREAM (RFC 4644 §2.3): 203 for
 * a peer, 480 or 502 for anyone else (as for the transit commands).
 */
final class ModeCommand extends AbstractCommand {
    ModeCommand() {
        super("MODE READER|STREAM", 1, 1);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        switch (args.get(0).toUpperCase(Locale.ROOT)) {
            case "READER" -> s.response().line(Greeting.line(s)).send();
            case "STREAM" -> {
                String refusal = Requirement.PEER.check(s);
                if (refusal == null) {
                    s.reply(203, "Streaming permitted");
                } else {
                    s.response().line(refusal).send();
                }
            }
            default -> s.reply(501, "Unknown MODE variant");
        }
    }
}
