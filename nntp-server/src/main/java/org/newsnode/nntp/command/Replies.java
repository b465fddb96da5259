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
}
