package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.text.Wildmat;

/** A LIST variant with one line per group, restricted by an optional wildmat. */
abstract class GroupListVariant implements ListVariant {
    private final String keyword;
    private final String status;

    GroupListVariant(String keyword, String status) {
        this.keyword = keyword;
        this.status = status;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    @Override
    public Argument argument() {
        return Argument.WILDMAT;
    }

    @Override
    public void list(NntpSession s, String arg) {
        Wildmat w = arg == null ? null : Wildmat.parse(arg);
        Response r = s.response().line("215 " + status);
        for (Group g : s.context().storage().groups()) {
            if ((w == null || w.matches(g.name())) && s.identity().mayRead(g.name())) {
                line(r, g);
                r.flushIfLarge();
            }
        }
        r.end();
    }

    abstract void line(Response r, Group g);
}
