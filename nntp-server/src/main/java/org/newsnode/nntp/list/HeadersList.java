package org.newsnode.nntp.list;

import java.util.Locale;
import org.newsnode.nntp.session.NntpSession;

/**
 * LIST HEADERS [MSGID|RANGE] (RFC 3977 §8.6): HDR works for any header (":") and for the
 * :bytes and :lines metadata items, by range and by Message-ID alike.
 */
final class HeadersList implements ListVariant {
    @Override
    public String keyword() {
        return "HEADERS";
    }

    @Override
    public Argument argument() {
        return Argument.KEYWORD;
    }

    @Override
    public void list(NntpSession s, String arg) {
        if (arg != null) {
            String a = arg.toUpperCase(Locale.ROOT);
            if (!a.equals("MSGID") && !a.equals("RANGE")) {
                s.reply(501, "Syntax is: LIST HEADERS [MSGID|RANGE]");
                return;
            }
        }
        s.response().line("215 Headers and metadata items supported").line(":").line(":bytes").line(":lines").end();
    }
}
