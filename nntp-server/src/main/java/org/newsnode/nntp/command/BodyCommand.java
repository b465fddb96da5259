package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoredArticle;

/** BODY (RFC 3977 §6.2.3): 222 and the body. */
final class BodyCommand extends RetrievalCommand {
    BodyCommand() {
        super("BODY", 222, "body");
    }

    @Override
    void respond(NntpSession s, StoredArticle a, String status) {
        s.response().line(status).bytes(a.wire(), a.bodyOffset(), a.wire().length - a.bodyOffset()).end();
    }
}
