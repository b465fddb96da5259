package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.intake.Intake;
import org.newsnode.storage.article.MessageIds;

/**
 * TAKETHIS (RFC 4644 §2.5): the article follows the command at once (the decoder reads it
 * whatever happens), then 239 stored or 439 not stored. Reasons are logged, not sent (INN).
 */
final class TakethisCommand extends OfferCommand {
    TakethisCommand() {
        super("TAKETHIS message-ID", 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String id = args.isEmpty() ? "" : args.get(0);
        s.onFollowingBlock((session, block) -> received(session, id, block));
    }

    private static void received(NntpSession s, String id, ArticleBlock block) {
        if (!MessageIds.isValid(id)) {
            // INN: a malformed command ID is answered 439 once the article is read; nothing is stored
            s.counters().refused++;
            s.reply(439, id);
            return;
        }
        // no waiting: the next pipelined TAKETHIS is read and queued into the same commit
        var arrival = s.context().intake().relay(s.identity().source(), id, block.tooLarge() ? null : block.data(), block.size(), true);
        s.replyWhenDone(arrival, f -> {
            s.context().storage().history().release(id, s);
            Intake.Verdict v = f.isCompletedExceptionally() ? null : f.join();
            Offers.count(s, v);
            return (v != null && v.accepted() ? "239 " : "439 ") + id;
        });
    }
}
