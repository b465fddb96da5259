package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoredArticle;

/** HEAD (RFC 3977 §6.2.2): 221 and the header section without the empty line. */
final class HeadCommand extends RetrievalCommand {
    HeadCommand() {
        super("HEAD", 221, "head");
    }

    @Override
    void respond(NntpSession s, StoredArticle a, String status) {
        // the stored head ends with the CRLF of the empty separator line
        int end = Math.max(0, a.bodyOffset() - 2);
        byte[] head = VisibleXref.inHeader(s, a.wire(), 0, end);
        s.response().line(status).bytes(head == null ? a.wire() : head, 0, head == null ? end : head.length).end();
    }
}
