package org.newsnode.nntp.session;

/** Thrown into a scanning command when its client stopped reading and the session was closed. */
public final class SessionGone extends RuntimeException {
    SessionGone() {
        super("the client stopped reading", null, false, false);
    }
}
