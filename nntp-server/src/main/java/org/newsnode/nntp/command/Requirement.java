package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/**
 * A cross-cutting rule checked before a command runs (posting allowed, later: authenticated,
 * TLS active, peer only). Returns null when satisfied, else the full response line.
 */
@FunctionalInterface
public interface Requirement {
    String check(NntpSession session);

    /** Transit commands only from configured peers (RFC 3977 §3.2.1: 502 for a command not permitted). */
    Requirement PEER = s -> s.isPeer() ? null : "502 Permission denied";

    /** RFC 3977 §6.3.1.3: 440 when posting is not permitted. */
    Requirement POSTING_ALLOWED = s -> s.context().config().postingAllowed() ? null : "440 Posting not permitted";
}
