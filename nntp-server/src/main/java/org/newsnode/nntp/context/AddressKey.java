package org.newsnode.nntp.context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What per-address limits count: an IPv4 address, or an IPv6 /64 — one subscriber's prefix,
 * in which any host can take a fresh address at will (RFC 6177 hands out /48 to /64).
 */
public final class AddressKey {
    private AddressKey() {
    }

    /** The key for a client's numeric address (never looked up in DNS). */
    public static String of(String host) {
        if (host == null || host.indexOf(':') < 0) {
            return host;
        }
        try {
            InetAddress a = InetAddress.getByName(host); // a literal: parsed, not resolved
            if (a instanceof Inet6Address) {
                byte[] b = a.getAddress();
                StringBuilder k = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    k.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
                }
                return k.append(":/64").toString();
            }
            return a.getHostAddress(); // an IPv4-mapped address counts as its IPv4 address
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
