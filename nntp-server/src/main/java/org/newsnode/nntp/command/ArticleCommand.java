package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoredArticle;

/** ARTICLE (RFC 3977 §6.2.1): 220 and the whole article. */
final class ArticleCommand extends RetrievalCommand {
    ArticleCommand() {
        super("ARTICLE", 220, "article");
    }

    @Override
    void respond(NntpSession s, StoredArticle a, String status) {
        byte[] head = VisibleXref.inHeader(s, a.wire(), 0, a.bodyOffset());
        if (head == null) {
            s.response().line(status).bytes(a.wire()).end();
        } else {
            s.response().line(status).bytes(head).bytes(a.wire(), a.bodyOffset(), a.wire().length - a.bodyOffset()).end();
        }
    }
}
