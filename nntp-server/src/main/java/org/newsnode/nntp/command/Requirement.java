package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/**
 * A cross-cutting rule checked before a command runs (posting allowed, later: authenticated,
 * TLS active, peer only). Returns null when satisfied, else the full response line.
 */
@FunctionalInterface
public interface Requirement {
    String check(NntpSession session);

    /** RFC 3977 §6.3.1.3: 440 when posting is not permitted. */
    Requirement POSTING_ALLOWED = s -> s.context().config().postingAllowed() ? null : "440 Posting not permitted";
}
