package org.newsnode.nntp.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.nntp.post.Injection;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST (RFC 3977 §6.3.1): 340 with a recommended Message-ID, then the article; 240 only
 * after its transaction is committed, 441 with the reason otherwise. One log line each.
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
        var ctx = s.context();
        int max = ctx.config().maxArticleSize();
        if (block.tooLarge()) {
            refuse(s, null, "Article of " + block.size() + " bytes exceeds local limit of " + max + " bytes");
            return;
        }
        Injection.Prepared p;
        try {
            p = new Injection(ctx.storage(), ctx.config().pathIdentity(), ctx.config().cutoff())
                    .prepare(block.data(), recommended, s.remoteHost(), ctx.clock().instant());
            Injection.checkModeration(ctx.storage(), p, s.access()::mayApprove);
            checkAccess(s, p);
        } catch (Injection.Refused e) {
            refuse(s, null, e.getMessage());
            return;
        }
        CompletableFuture<StoreResult> stored = ctx.storage().store(p.article(), p.messageId(), p.groups(),
                p.postedSeconds(), ctx.config().pathIdentity());
        s.await(stored, f -> {
            StoreResult r;
            try {
                r = f.join();
            } catch (RuntimeException e) {
                log.error("post failed {} from {}: {}", p.messageId(), s.remoteAddress(), e.getMessage());
                s.counters().postsRejected++;
                s.reply(441, "Posting failed: storage unavailable");
                return;
            }
            switch (r.outcome()) {
                case ACCEPTED -> {
                    s.counters().posted++;
                    log.info("accepted {} posted by {} into {} ({} bytes)", p.messageId(), s.remoteAddress(),
                            r.numbers(), p.article().size());
                    s.reply(240, "Article received " + p.messageId());
                }
                // nnrpd's exact text: clients and test suites compare it
                case DUPLICATE -> refuse(s, p.messageId(), "435 Duplicate");
                default -> refuse(s, p.messageId(), "No valid newsgroups in \"" + p.article().header("Newsgroups") + "\"");
            }
        });
    }

    /** [[access]] post: every group named in Newsgroups must be one this session may post to. */
    private static void checkAccess(NntpSession s, Injection.Prepared p) throws Injection.Refused {
        List<String> named = p.article().newsgroups();
        for (String g : named == null ? p.groups() : named) {
            if (!s.access().mayPost(g)) {
                throw new Injection.Refused("Not allowed to post to " + g);
            }
        }
    }

    private static void refuse(NntpSession s, String messageId, String reason) {
        s.counters().postsRejected++;
        log.info("rejected {} posted by {}: {}", messageId == null ? "-" : org.newsnode.storage.text.Printable.of(messageId),
                s.remoteAddress(), org.newsnode.storage.text.Printable.of(reason));
        s.replyUtf8(441, org.newsnode.storage.article.Bytes.displayUtf8(reason));
    }
}
