package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/** HELP (RFC 3977 §7.2): the commands and their syntax, from the registry. */
final class HelpCommand extends AbstractCommand {
    private final CommandRegistry registry;

    HelpCommand(CommandRegistry registry) {
        super("HELP", 0, 0);
        this.registry = registry;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        Response r = s.response().line("100 Legal commands");
        for (CommandRegistry.Entry e : registry.entries()) {
            r.line("  " + e.command().syntax());
        }
        r.line("Report problems to the node's operator").end();
    }
}
