package org.newsnode.nntp.net;

import java.util.List;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Where a connection a peer opened changes owner: from the server's session, which took the
 * peer's login and its request to be fed, to the feeder, which offers that peer its queue
 * over the same socket (CHECK/TAKETHIS or IHAVE, the peer answering as a server would). The
 * server holds one {@code Handover}; the feeder attaches to it at start. Neither knows the
 * other: they meet here, in the network layer.
 */
public final class Handover {
    /** The filter the server decodes commands with; a handed-over session decodes response lines instead. */
    public static final String CODEC = "codec";
    private static final AttributeKey OWNER = new AttributeKey(Handover.class, "owner");

    /** The new owner of a handed-over session: every event of the session goes to it from then on. */
    public interface Owner {
        /** The session is its own now: the first offers may go out. */
        void start();

        /** The response lines of one read. */
        void lines(List<String> lines);

        /** Octets reached the peer (a long article is progress, not silence). */
        void sent();

        /** The connection ended. */
        void closed();
    }

    /** Who can offer a peer its queue over a connection that peer opened (the feeder). */
    public interface Feeds {
        /**
         * The owner that will offer {@code peer}'s queue over {@code session}, streaming (RFC
         * 4644) or by IHAVE, once started; null when this node has no feed for that peer.
         */
        Owner feed(String peer, IoSession session, boolean streaming);
    }

    private volatile Feeds feeds;

    /** The feeder is there: from now on sessions can be handed to it. */
    public void attach(Feeds f) {
        this.feeds = f;
    }

    /**
     * Hands {@code session} over to the feed for {@code peer}: its codec now reads response
     * lines, and its events go to the feed. Call it once the last reply of the server's own
     * (the one the peer waits for before answering our offers) has been written. False when no
     * feeder is attached or it does not feed that peer; the session is then untouched.
     */
    public boolean handOver(String peer, IoSession session, boolean streaming) {
        Feeds f = feeds;
        Owner o = f == null ? null : f.feed(peer, session, streaming);
        if (o == null) {
            return false;
        }
        session.getFilterChain().replace(CODEC, LineBatchDecoder.codec());
        session.setAttribute(OWNER, o); // before its first offer, so no answer arrives unowned
        o.start();
        return true;
    }

    /** The session's owner after a hand-over; null while the server owns it. */
    public static Owner owner(IoSession session) {
        return (Owner) session.getAttribute(OWNER);
    }
}
