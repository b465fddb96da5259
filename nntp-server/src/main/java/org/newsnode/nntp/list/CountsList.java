package org.newsnode.nntp.list;

import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** LIST COUNTS (RFC 6048 §2.2): group high low count status. */
final class CountsList extends GroupListVariant {
    CountsList() {
        super("COUNTS", "Newsgroups in form \"group high low count status\"");
    }

    @Override
    void line(Response r, Group g) {
        r.line(g.name() + " " + g.high() + " " + g.low() + " " + g.count() + " " + g.status());
    }
}
