package org.newsnode.nntp.list;

import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** LIST NEWSGROUPS (RFC 3977 §7.6.6): group, tab, description (UTF-8). */
final class NewsgroupsList extends GroupListVariant {
    NewsgroupsList() {
        super("NEWSGROUPS", "Newsgroup descriptions in form \"group description\"");
    }

    @Override
    void line(Response r, Group g) {
        r.utf8Line(g.name() + "\t" + g.description());
    }
}
