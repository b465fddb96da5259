package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoredArticle;

/** STAT (RFC 3977 §6.2.4): 223, no text. */
final class StatCommand extends RetrievalCommand {
    StatCommand() {
        super("STAT", 223, "status");
    }

    @Override
    void respond(NntpSession s, StoredArticle a, String status) {
        s.response().line(status).send();
    }
}
