package org.newsnode.nntp.context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.newsnode.storage.config.AccessRule;
import org.newsnode.storage.text.Wildmat;

/** The [[access]] rules; replaced as a whole when the configuration reloads. */
public final class AccessDirectory {
    /**
     * What one session may do, from the last rule that matched its address and login.
     *
     * @param read         groups it may read (null: none; {@link #readsAll} when unrestricted)
     * @param post         groups it may post to (null: none)
     * @param feed         IHAVE/CHECK/TAKETHIS allowed without being a configured peer
     * @param afterLogin   rules for this address that a login could bring into force (480 rather than 502)
     * @param rule         the rule's name, for logs ("" without rules)
     * @param approve      moderated groups it may post to with Approved (null: none)
     */
    public record Access(Wildmat read, Wildmat post, boolean feed, List<AccessRule> afterLogin, boolean readsAll, String rule,
                         Wildmat approve) {
        /** No [[access]] tables: everything a reader may do, as before rules existed, but approving (nobody by default). */
        public static final Access ALL = new Access(Wildmat.parse("*"), Wildmat.parse("*"), false, List.of(), true, "", null);

        /** True when no rule allows this client anything: the greeting is 502 and the connection closes. */
        public boolean nothing() {
            return read == null && post == null && !feed && afterLogin.isEmpty();
        }

        public boolean loginMayRead(String group) {
            return afterLogin.stream().anyMatch(r -> r.read() != null && r.read().matches(group));
        }

        public boolean loginMayPost() {
            return afterLogin.stream().anyMatch(r -> r.post() != null);
        }

        public boolean loginMayFeed() {
            return afterLogin.stream().anyMatch(AccessRule::feed);
        }

        public boolean mayRead(String group) {
            return readsAll || (read != null && read.matches(group));
        }

        /** Posting needs reading too (RFC 3977 §6.2: a hidden group does not exist for the session). */
        public boolean mayPost(String group) {
            return post != null && post.matches(group) && mayRead(group);
        }

        /** RFC 5537 §3.5.1: an Approved field into a moderated group is the moderator's word, so a right of its own. */
        public boolean mayApprove(String group) {
            return approve != null && approve.matches(group) && mayRead(group);
        }
    }

    private volatile List<AccessRule> rules;

    public AccessDirectory(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public void replace(List<AccessRule> fresh) {
        rules = List.copyOf(fresh);
    }

    /** The rights of a session from {@code host} logged in as {@code user} (null: not logged in). */
    public Access evaluate(String host, String user) {
        List<AccessRule> all = rules;
        if (all.isEmpty()) {
            return Access.ALL;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host); // an address literal from the socket: no lookup
        } catch (UnknownHostException e) {
            return new Access(null, null, false, List.of(), false, "", null);
        }
        AccessRule match = null;
        List<AccessRule> loginRules = new java.util.ArrayList<>();
        for (AccessRule r : all) {
            if (!r.covers(address)) {
                continue;
            }
            if (r.users() != null && user == null) {
                loginRules.add(r);
            }
            if (r.appliesTo(user)) {
                match = r;
            }
        }
        if (match == null) {
            return new Access(null, null, false, List.copyOf(loginRules), false, "", null);
        }
        boolean readsAll = match.read() != null && "*".equals(match.read().toString());
        return new Access(match.read(), match.post(), match.feed(), List.copyOf(loginRules), readsAll, match.name(),
                match.approve());
    }
}
