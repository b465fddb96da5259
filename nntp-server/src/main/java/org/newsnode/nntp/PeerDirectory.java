package org.newsnode.nntp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.config.PeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured peers by the addresses their hosts resolve to (resolved once, at start).
 * Several peers may share an address (nodes on one host, peers behind NAT): then the address
 * alone does not say which one is connected.
 */
public final class PeerDirectory {
    private static final Logger log = LoggerFactory.getLogger("newsnode.peer");
    private volatile Map<String, List<PeerConfig>> byAddress = Map.of();

    public PeerDirectory(List<PeerConfig> peers) {
        replace(peers);
    }

    /** Takes a new peer list (the configuration changed); sessions already open keep theirs. */
    public void replace(List<PeerConfig> peers) {
        Map<String, List<PeerConfig>> map = new HashMap<>();
        for (PeerConfig p : peers) {
            try {
                for (InetAddress a : InetAddress.getAllByName(p.host())) {
                    map.computeIfAbsent(a.getHostAddress(), k -> new ArrayList<>()).add(p);
                }
            } catch (UnknownHostException e) {
                log.warn("peer {}: host {} does not resolve; it cannot feed this node until it does", p.name(), p.host());
            }
        }
        byAddress = map;
    }

    /** The peers that may be connecting from this address (empty for readers). */
    public List<PeerConfig> at(String address) {
        return byAddress.getOrDefault(address, List.of());
    }
}
