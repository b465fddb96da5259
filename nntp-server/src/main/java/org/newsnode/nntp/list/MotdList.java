package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/** LIST MOTD (RFC 6048 §2.6): the message of the day, or 503 when none is configured. */
final class MotdList implements ListVariant {
    @Override
    public String keyword() {
        return "MOTD";
    }

    @Override
    public Argument argument() {
        return Argument.NONE;
    }

    @Override
    public void list(NntpSession s, String arg) {
        String motd = s.context().config().motd();
        if (motd == null || motd.isBlank()) {
            s.reply(503, "No message of the day available");
            return;
        }
        Response r = s.response().line("215 Message of the day text in UTF-8");
        for (String line : motd.strip().split("\r?\n")) {
            r.dataLine(org.newsnode.storage.article.Bytes.fromUtf8(line));
        }
        r.end();
    }
}
