package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/**
 * LIST SUBSCRIPTIONS (RFC 6048 §2.6): the groups a new reader is subscribed to at first
 * (server.subscriptions; tin starts with them instead of "No groups"), those it may read.
 */
final class SubscriptionsList implements ListVariant {
    @Override
    public String keyword() {
        return "SUBSCRIPTIONS";
    }

    @Override
    public Argument argument() {
        return Argument.NONE;
    }

    @Override
    public void list(NntpSession s, String arg) {
        var groups = s.context().config().subscriptions();
        if (groups.isEmpty()) {
            s.reply(503, "No default subscription list available");
            return;
        }
        Response r = s.response().line("215 Default subscription list follows");
        for (String g : groups) {
            if (s.identity().mayRead(g)) {
                r.line(g);
            }
        }
        r.end();
    }
}
