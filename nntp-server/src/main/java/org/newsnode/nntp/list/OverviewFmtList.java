package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;
import org.newsnode.storage.store.Overview;

/** LIST OVERVIEW.FMT (RFC 3977 §8.4): the overview fields in order. */
final class OverviewFmtList implements ListVariant {
    @Override
    public String keyword() {
        return "OVERVIEW.FMT";
    }

    @Override
    public Argument argument() {
        return Argument.NONE;
    }

    @Override
    public void list(NntpSession s, String arg) {
        Response r = s.response().line("215 Order of fields in overview database");
        Overview.FORMAT.forEach(r::line);
        r.end();
    }
}
