package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.intake.Intake;
import org.newsnode.storage.article.MessageIds;

/**
 * IHAVE (RFC 3977 §6.3.2): 335 send it, 435 not wanted (a malformed ID too, as INN answers),
 * 436 retry later (another peer is sending it); after the article 235 or 437 with the reason.
 */
final class IhaveCommand extends OfferCommand {
    IhaveCommand() {
        super("IHAVE message-ID", 1);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String id = args.get(0);
        s.counters().offered++;
        if (!MessageIds.isValid(id)) {
            s.reply(435, "Syntax error in message-ID");
            return;
        }
        if (Offers.alreadyHave(s, id)) {
            s.reply(435, "Duplicate");
            return;
        }
        if (!s.context().storage().history().claim(id, s)) {
            s.counters().deferred++;
            s.reply(436, "Retry later");
            return;
        }
        // the decoder must be in block mode before the peer can see the 335 and start sending
        s.expectBlock((session, block) -> received(session, id, block));
        s.reply(335, "Send it; end with <CR-LF>.<CR-LF>");
    }

    private static void received(NntpSession s, String id, ArticleBlock block) {
        var arrival = s.context().intake().relay(s.identity().source(), id, block.tooLarge() ? null : block.data(), block.size(), false);
        s.await(arrival, f -> {
            s.context().storage().history().release(id, s);
            if (f.isCompletedExceptionally()) {
                s.reply(436, "Transfer failed: storage unavailable; try again later");
                return;
            }
            Intake.Verdict v = f.join();
            Offers.count(s, v);
            switch (v.kind()) {
                case ACCEPTED -> s.reply(235, "Article transferred OK");
                case DUPLICATE -> s.reply(437, "Duplicate");
                default -> s.replyUtf8(437, org.newsnode.storage.article.Bytes.displayUtf8(v.reason()));
            }
        });
    }
}
