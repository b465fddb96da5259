package org.newsnode.nntp.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.storage.intake.Intake;
import org.newsnode.nntp.session.NntpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST (RFC 3977 §6.3.1): 340 with a recommended Message-ID, then the article, which the
 * intake injects and stores; 240 only after its transaction is committed, 441 with the
 * reason otherwise (the intake logs one line each).
 */
final class PostCommand extends AbstractCommand {
    private static final Logger log = LoggerFactory.getLogger("newsnode.article");
    private final AtomicLong sequence = new AtomicLong();

    PostCommand() {
        super("POST", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String recommended = "<" + Long.toString(s.context().clock().millis(), 36) + "$"
                + Long.toString(sequence.incrementAndGet(), 36) + "@" + s.context().config().pathIdentity() + ">";
        // the decoder must be in block mode before the client can see the 340 and start sending
        s.expectBlock((session, block) -> received(session, block, recommended));
        s.reply(340, "Ok, recommended Message-ID " + recommended);
    }

    private void received(NntpSession s, ArticleBlock block, String recommended) {
        var poster = new Intake.Poster(s.remoteAddress(), s.remoteHost(), s.identity().access()::mayPost, s.identity().access()::mayApprove);
        CompletableFuture<Intake.Verdict> posted = s.context().intake()
                .post(poster, block.tooLarge() ? null : block.data(), block.size(), recommended);
        s.await(posted, f -> {
            Intake.Verdict v;
            try {
                v = f.join();
            } catch (RuntimeException e) {
                log.error("post failed from {}: {}", s.remoteAddress(), e.getMessage());
                s.counters().postsRejected++;
                s.reply(441, "Posting failed: storage unavailable");
                return;
            }
            if (v.accepted()) {
                s.counters().posted++;
                s.reply(240, "Article received " + v.messageId());
            } else {
                s.counters().postsRejected++;
                s.replyUtf8(441, org.newsnode.storage.article.Bytes.displayUtf8(v.reason()));
            }
        });
    }
}
