package org.newsnode.nntp.transit;

import java.util.List;
import org.newsnode.nntp.ServerContext;
import org.newsnode.nntp.session.SessionCounters;
import org.newsnode.storage.config.PeerConfig;

/**
 * Where an article offered for transit comes from: a peer's session, or a batch being
 * imported. Both go through the same acceptance checks ({@link Reception}).
 */
public interface Origin {
    ServerContext context();

    /** For log lines: "peer NAME (address)", "import FILE". */
    String peerLabel();

    /** The peers it may be (seen-by); empty when it is none of them (an import). */
    List<PeerConfig> peers();

    SessionCounters counters();

    /** True when the peer was named by its AUTHINFO login, which proves who sends; an address alone does not. */
    default boolean peerByLogin() {
        return false;
    }
}
