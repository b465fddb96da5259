package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/**
 * LIST MODERATORS (RFC 6048 §3.5): the submission templates of moderation.moderators, as
 * INN's moderators file, so a newsreader can mail a submission itself; nnrpd's words.
 */
final class ModeratorsList implements ListVariant {
    @Override
    public String keyword() {
        return "MODERATORS";
    }

    @Override
    public Argument argument() {
        return Argument.NONE;
    }

    @Override
    public void list(NntpSession s, String arg) {
        Response r = s.response().line("215 Newsgroup moderators in form \"group-pattern:submission-template\"");
        for (String line : s.context().control().moderators()) {
            r.line(line);
        }
        r.end();
    }
}
