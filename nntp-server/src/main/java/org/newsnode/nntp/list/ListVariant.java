package org.newsnode.nntp.list;

import org.newsnode.nntp.session.NntpSession;

/** One LIST keyword (RFC 3977 §7.6, RFC 6048). */
public interface ListVariant {
    enum Argument {
        /** No argument allowed. */
        NONE,
        /** An optional wildmat restricting the groups (RFC 3977 §7.6.1). */
        WILDMAT,
        /** An optional keyword (LIST HEADERS MSGID|RANGE). */
        KEYWORD
    }

    String keyword();

    Argument argument();

    /** Answers the command; {@code arg} is null when none was given. */
    void list(NntpSession s, String arg);
}
