package org.newsnode.feeder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The local address a peer link connects from. Peers tell an unauthenticated node apart by
 * its address, so nodes sharing a host's loopback (each listening on its own 127.x) speak
 * from their listen address: the peer then sees the node it knows, and stops waiting out its
 * backoff, instead of whichever peer 127.0.0.1 names. Off loopback the kernel's routing
 * picks, as in INN (inn.conf sourceaddress); a peer's {@code source-address} always wins.
 */
final class SourceAddress {
    private final InetAddress listen;

    /** @param listen the node's plain listening addresses (server.listen) */
    SourceAddress(List<InetSocketAddress> listen) {
        this.listen = only(listen);
    }

    /** The one address the node listens on, or null (none, a wildcard, or several). */
    private static InetAddress only(List<InetSocketAddress> listen) {
        InetAddress one = null;
        for (InetSocketAddress a : listen) {
            InetAddress ip = a.getAddress();
            if (ip == null || ip.isAnyLocalAddress() || (one != null && !one.equals(ip))) {
                return null;
            }
            one = ip;
        }
        return one;
    }

    /**
     * Where to bind a link to {@code remote}: the explicit address, else the node's one
     * loopback listen address when the peer is on loopback too, else null (the kernel picks).
     */
    InetSocketAddress forLink(String explicit, InetSocketAddress remote) {
        if (explicit != null) {
            return new InetSocketAddress(explicit, 0);
        }
        InetAddress to = remote.getAddress();
        if (listen == null || to == null || listen.getClass() != to.getClass()
                || !listen.isLoopbackAddress() || !to.isLoopbackAddress()) {
            return null;
        }
        return new InetSocketAddress(listen, 0);
    }
}
