package org.newsnode.nntp.command;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** NEWGROUPS date time [GMT] (RFC 3977 §7.3): groups created since then, as LIST ACTIVE. */
final class NewGroupsCommand extends AbstractCommand {
    NewGroupsCommand() {
        super("NEWGROUPS [yy]yymmdd hhmmss [GMT]", 2, 4);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        Instant since = DateTimeArgs.parse(args, 0, s.context().clock().instant(), ZoneId.systemDefault());
        int rest = DateTimeArgs.after(args, 0);
        // RFC 977's optional <distributions> argument is accepted and has no effect on groups
        if (since == null || args.size() > rest + 1 || (args.size() == rest + 1 && !args.get(rest).startsWith("<"))) {
            s.reply(501, "Syntax is: " + syntax());
            return;
        }
        Response r = s.response().line("231 New newsgroups follow");
        for (Group g : s.context().storage().groups()) {
            if (g.createdMillis() >= since.toEpochMilli() && s.identity().mayRead(g.name())) {
                r.line(g.name() + " " + g.high() + " " + g.low() + " " + g.status());
            }
        }
        r.end();
    }
}
