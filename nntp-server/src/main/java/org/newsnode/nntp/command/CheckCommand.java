package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.article.MessageIds;

/**
 * CHECK (RFC 4644 §2.4): 238 send it (and the ID is reserved for this peer), 431 retry
 * later (another peer is sending it), 438 not wanted. A malformed ID gets 438 rather than
 * 501, as INN answers, so a streaming peer never loses step.
 */
final class CheckCommand extends OfferCommand {
    CheckCommand() {
        super("CHECK message-ID", 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String id = args.isEmpty() ? "" : args.get(0);
        s.counters().offered++;
        if (!MessageIds.isValid(id)) {
            s.reply(438, id + " Syntax error in message-ID");
            return;
        }
        if (Offers.alreadyHave(s, id)) {
            s.reply(438, id + " Duplicate");
        } else if (!s.context().storage().history().claim(id, s)) {
            s.counters().deferred++;
            s.reply(431, id + " Retry later");
        } else {
            s.reply(238, id + " Send it");
        }
    }
}
