package org.newsnode.storage.config;

import java.util.List;

/**
 * One peer of this node (a [[peer]] table): who it is, where it connects from, and the path
 * identities it writes into Path (RFC 5537 §3.2), so that loops and "who has it" can be told.
 */
public record PeerConfig(String name, String host, String pathIdentity, List<String> aliases) {
    /** Every path identity this peer is known by. */
    public List<String> identities() {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add(pathIdentity);
        all.addAll(aliases);
        return all;
    }
}
