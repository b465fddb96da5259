package org.newsnode.nntp.session;

import java.util.List;
import org.newsnode.nntp.context.AccessDirectory;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.storage.config.PeerConfig;

/**
 * Who a session's client is — the peers its address belongs to, the user its AUTHINFO named
 * (RFC 4643) — and what the [[access]] rules let it do, with the answers a refusal gives.
 * Touched by the session's commands only, one at a time.
 */
public final class SessionIdentity {
    private static final String LOGIN_FIRST = "480 Authentication required for command";

    private final ServerContext context;
    private final String host;
    private final String address;
    private List<PeerConfig> peers = List.of();
    /** The user AUTHINFO accepted, or null. */
    private String user;
    /** The name given by AUTHINFO USER, waiting for AUTHINFO PASS. */
    private String pendingUser;
    /** What the [[access]] rules allow (set at open, again after AUTHINFO). */
    private AccessDirectory.Access access = AccessDirectory.Access.ALL;

    SessionIdentity(ServerContext context, String host, String address) {
        this.context = context;
        this.host = host;
        this.address = address;
    }

    /** The client connects from the address of these peers (transit allowed). */
    public void setPeers(List<PeerConfig> candidates) {
        this.peers = List.copyOf(candidates);
        if (peers.size() == 1) {
            context.storage().peerSeen(peers.get(0).name()); // it is up: our link to it need not wait out a backoff
        }
    }

    /** True when the client is (or may be) a configured peer: IHAVE, CHECK, TAKETHIS allowed. */
    public boolean isPeer() {
        return !peers.isEmpty();
    }

    /** The peers the client may be; more than one when several share the address. */
    public List<PeerConfig> peers() {
        return peers;
    }

    /** Where relayed articles come from, for the intake (seen-by, accept-groups, log lines). */
    public org.newsnode.storage.intake.Intake.Source source() {
        return new org.newsnode.storage.intake.Intake.Source(label(), peers, peerByLogin());
    }

    /** For logs: the peer's name (or the candidates when the address is shared), else the reader and its login. */
    public String label() {
        if (peers.isEmpty()) {
            return "reader " + (user == null ? "" : user + "@") + address;
        }
        StringBuilder b = new StringBuilder();
        for (PeerConfig p : peers) {
            b.append(b.length() == 0 ? "" : "|").append(p.name());
        }
        return "peer " + b + " (" + address + ")";
    }

    public String user() {
        return user;
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    /** True when the [[access]] rules let the client read {@code group}. */
    public boolean mayRead(String group) {
        return access.mayRead(group);
    }

    /** True when the peer was named by its AUTHINFO login, which proves who sends; an address alone does not. */
    public boolean peerByLogin() {
        return user != null && context.peers().byUser(user) != null;
    }

    public String pendingUser() {
        return pendingUser;
    }

    public void setPendingUser(String name) {
        this.pendingUser = name;
    }

    /**
     * Logged in as {@code name}; if that user identifies a peer, the client is that peer from
     * now on, whoever else shares its address.
     */
    public void authenticated(String name, PeerConfig asPeer) {
        this.user = name;
        this.pendingUser = null;
        if (asPeer != null) {
            this.peers = List.of(asPeer);
            context.storage().peerSeen(asPeer.name());
        }
        evaluateAccess();
    }

    /** Reads the [[access]] rules for this client and login again. */
    public AccessDirectory.Access evaluateAccess() {
        access = context.access().evaluate(host, user);
        return access;
    }

    public AccessDirectory.Access access() {
        return access;
    }

    /** True when the article is in a group the client may read (RFC 3977 §6.2: else it does not exist for it). */
    public boolean mayReadArticle(String messageId) {
        if (access.readsAll()) {
            return true;
        }
        for (String g : context.storage().reader().groupsOf(messageId)) {
            if (access.mayRead(g)) {
                return true;
            }
        }
        return false;
    }

    /** The answer for a hidden group: 480 when a login would show it (RFC 4643 §2.1), else {@code otherwise}. */
    public String readRefusal(String group, String otherwise) {
        return user == null && access.loginMayRead(group) ? LOGIN_FIRST : otherwise;
    }

    /** The answer when the client may not post: 480 when a login would allow it, else {@code otherwise}. */
    public String postRefusal(String otherwise) {
        return user == null && access.loginMayPost() ? LOGIN_FIRST : otherwise;
    }
}
