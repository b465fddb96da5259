package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/** The greeting (RFC 3977 §5.1): 200 when posting is allowed, 201 when not; MODE READER repeats it. */
public final class Greeting {
    private Greeting() {
    }

    public static String line(NntpSession s) {
        var ctx = s.context();
        boolean posting = ctx.config().postingAllowed() && s.identity().access().post() != null;
        return (posting ? "200 " : "201 ") + ctx.config().pathIdentity() + " newsnode " + ctx.version()
                + " ready (" + (posting ? "posting ok" : "no posting") + ")";
    }
}
