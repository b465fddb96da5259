package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/** Response lines shared by several commands, worded as INN words them. */
final class Replies {
    private Replies() {
    }

    static void noGroup(NntpSession s) {
        s.reply(412, "Not in a newsgroup");
    }

    static void noCurrent(NntpSession s) {
        s.reply(420, "Current article number is invalid");
    }

    static void noSuchNumber(NntpSession s, long n) {
        s.reply(423, "No such article number " + n);
    }

    static void noSuchMessageId(NntpSession s) {
        s.reply(430, "No such article");
    }

    static void badMessageId(NntpSession s) {
        s.reply(501, "Syntax error in Message-ID");
    }

    static void badNumber(NntpSession s) {
        s.reply(501, "Syntax error in article number");
    }

    static void badRange(NntpSession s) {
        s.reply(501, "Syntax error in range");
    }

    static void noSuchGroup(NntpSession s, String name) {
        s.reply(411, "No such group " + name);
    }

    /** The group by name if this session may read it; else answers 411 (or 480 when a login could help) and returns null. */
    static org.newsnode.storage.store.Group readableGroup(NntpSession s, String name) {
        org.newsnode.storage.store.Group g = s.context().storage().group(name);
        if (g == null) {
            noSuchGroup(s, name);
        } else if (!s.identity().mayRead(g.name())) {
            s.response().line(s.identity().readRefusal(g.name(), "411 No such group " + name)).send(); // hidden by [[access]] read
            return null;
        }
        return g;
    }

    /**
     * 430 for an article that does not exist or that this session may not read: never 480, which
     * would tell a prober that a hidden article with this ID exists.
     */
    static void hiddenMessageId(NntpSession s, String messageId) {
        noSuchMessageId(s);
    }
}
