package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.list.ListVariant;
import org.newsnode.nntp.list.ListVariants;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.text.Wildmat;

/** LIST [keyword [argument]] (RFC 3977 §7.6): plain LIST is LIST ACTIVE. */
final class ListCommand extends AbstractCommand {
    private final ListVariants variants = ListVariants.standard();

    ListCommand() {
        super("LIST [ACTIVE|ACTIVE.TIMES|COUNTS|DISTRIB.PATS|HEADERS|MODERATORS|MOTD|NEWSGROUPS|OVERVIEW.FMT|SUBSCRIPTIONS] [wildmat]", 0, 2);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        ListVariant v = variants.find(args.isEmpty() ? "ACTIVE" : args.get(0));
        if (v == null) {
            s.reply(501, "Unknown LIST keyword");
            return;
        }
        String arg = args.size() == 2 ? args.get(1) : null;
        if (arg != null && v.argument() == ListVariant.Argument.NONE) {
            s.reply(501, "LIST " + v.keyword() + " takes no argument");
            return;
        }
        if (arg != null && v.argument() == ListVariant.Argument.WILDMAT && !Wildmat.isValid(arg)) {
            s.reply(501, "Syntax error in wildmat");
            return;
        }
        v.list(s, arg);
    }
}
