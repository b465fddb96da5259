package org.newsnode.nntp.context;

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
    /** A connection from an unknown address re-resolves the peers' hosts at most this often. */
    private static final long RESOLVE_AGAIN_NANOS = 5_000_000_000L;

    private volatile Map<String, List<PeerConfig>> byAddress = Map.of();
    private volatile List<PeerConfig> peers = List.of();
    private volatile Map<String, PeerConfig> byUser = Map.of();
    private volatile long resolvedAt;
    /** Resolves hosts again off the I/O threads: a DNS wait never holds up a connection. */
    private final java.util.concurrent.ExecutorService resolver = new java.util.concurrent.ThreadPoolExecutor(0, 1, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "peer-resolve");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

    public PeerDirectory(List<PeerConfig> peers) {
        replace(peers);
    }

    /** Takes a new peer list (the configuration changed); sessions already open keep theirs. */
    public void replace(List<PeerConfig> peers) {
        this.peers = List.copyOf(peers);
        Map<String, PeerConfig> users = new HashMap<>();
        for (PeerConfig p : peers) {
            if (p.user() != null) {
                users.put(p.user(), p);
            }
        }
        this.byUser = Map.copyOf(users);
        resolve();
        warnAboutAddressOnlyPeers();
    }

    /**
     * A peer known by its address alone may feed as anyone who can connect from there: say so
     * when that address is loopback (any local process) or shared with another peer.
     */
    private void warnAboutAddressOnlyPeers() {
        Map<String, List<PeerConfig>> map = byAddress;
        for (PeerConfig p : peers) {
            if (p.user() != null) {
                continue;
            }
            for (Map.Entry<String, List<PeerConfig>> e : map.entrySet()) {
                if (!e.getValue().contains(p)) {
                    continue;
                }
                boolean loopback = e.getKey().startsWith("127.") || e.getKey().equals("0:0:0:0:0:0:0:1");
                if (loopback || e.getValue().size() > 1) {
                    log.warn("peer {} is known by its address {} alone, {}: anyone there can feed as it; give it a login "
                            + "(user = \"...\" in its [[peer]], `newsnode user add`)", p.name(), e.getKey(),
                            loopback ? "a loopback address any local process can use" : "which peers "
                                    + e.getValue().stream().map(PeerConfig::name).toList() + " share");
                    break;
                }
            }
        }
    }

    private synchronized void resolve() {
        resolvedAt = System.nanoTime();
        Map<String, List<PeerConfig>> map = new HashMap<>();
        for (PeerConfig p : this.peers) {
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

    /** The peer that logs in as this user (RFC 4643), or null. */
    public PeerConfig byUser(String user) {
        return byUser.get(user);
    }

    /** True when some peer may identify itself by credentials: transit commands then ask for them (480). */
    public boolean anyByCredentials() {
        return !byUser.isEmpty();
    }

    /**
     * The peers that may be connecting from this address (empty for readers). An unknown
     * address makes the hosts resolve again now and then: a peer whose name did not resolve
     * at start, or whose address changed, is recognised without a restart.
     */
    public List<PeerConfig> at(String address) {
        List<PeerConfig> found = byAddress.get(address);
        if (found == null && !peers.isEmpty() && System.nanoTime() - resolvedAt > RESOLVE_AGAIN_NANOS) {
            resolvedAt = System.nanoTime();
            resolver.execute(this::resolve); // the next connection from there finds it
        }
        return found == null ? List.of() : found;
    }
}
