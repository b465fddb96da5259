package org.newsnode.nntp.list;

import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;

/** LIST ACTIVE.TIMES (RFC 3977 §7.6.4): group, creation time in epoch seconds, creator. */
final class ActiveTimesList extends GroupListVariant {
    ActiveTimesList() {
        super("ACTIVE.TIMES", "Newsgroup creation times in form \"group time who\"");
    }

    @Override
    void line(Response r, Group g) {
        r.line(g.name() + " " + g.createdMillis() / 1000 + " " + g.creator());
    }
}
