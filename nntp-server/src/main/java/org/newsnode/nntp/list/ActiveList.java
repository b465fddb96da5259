package org.newsnode.nntp.list;

import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** LIST ACTIVE (RFC 3977 §7.6.3): group high low status. */
final class ActiveList extends GroupListVariant {
    ActiveList() {
        super("ACTIVE", "Newsgroups in form \"group high low status\"");
    }

    @Override
    void line(Response r, Group g) {
        r.line(g.name() + " " + g.high() + " " + g.low() + " " + g.status());
    }
}
