package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/**
 * A cross-cutting rule checked before a command runs (posting allowed, later: authenticated,
 * TLS active, peer only). Returns null when satisfied, else the full response line.
 */
@FunctionalInterface
public interface Requirement {
    String check(NntpSession session);

    /**
     * Transit commands only from configured peers: 480 while logging in could make this
     * session a peer (RFC 4643 §2.1), else 502 (RFC 3977 §3.2.1).
     */
    Requirement PEER = s -> s.identity().isPeer() || s.identity().access().feed() ? null
            : !s.identity().isAuthenticated() && (s.context().peers().anyByCredentials() || s.identity().access().loginMayFeed())
            ? "480 Authentication required for command"
            : "502 Permission denied";

    /** RFC 3977 §6.3.1.3: 440 when posting is not permitted (server.posting, or no [[access]] post right). */
    Requirement POSTING_ALLOWED = s -> s.context().config().postingAllowed() && s.identity().access().post() != null ? null
            : s.context().config().postingAllowed() ? s.identity().postRefusal("440 Posting not permitted") : "440 Posting not permitted";
}
