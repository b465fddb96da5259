package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/** LIST DISTRIB.PATS (RFC 6048 §2.5): weight:wildmat:distribution from the configuration. */
final class DistribPatsList implements ListVariant {
    @Override
    public String keyword() {
        return "DISTRIB.PATS";
    }

    @Override
    public Argument argument() {
        return Argument.NONE;
    }

    @Override
    public void list(NntpSession s, String arg) {
        Response r = s.response().line("215 Default distributions in form \"weight:group-pattern:distribution\"");
        s.context().config().distribPats().forEach(r::line);
        r.end();
    }
}
