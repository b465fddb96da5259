package org.newsnode.storage.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.newsnode.storage.text.Wildmat;

/**
 * An [[access]] table (INN's readers.conf access blocks, simplified): for clients from these
 * address ranges, and when {@code users} is set only once logged in as one of them, what they
 * may read, where they may post, and whether they may feed articles with IHAVE, CHECK and
 * TAKETHIS. The last matching rule decides; configured peers are governed by [[peer]].
 *
 * @param addresses ranges in CIDR notation or single addresses; empty: any address
 * @param users     null: any session; else the user names, "*" for any logged-in user
 * @param read      groups that can be read (null: none)
 * @param post      groups that can be posted to (null: none)
 * @param feed      transit commands from a client that is no configured peer (like INN's "I" permission)
 * @param approve   moderated groups it may post to with an Approved field (INN's "A" permission; null: none)
 */
public record AccessRule(String name, List<Range> addresses, List<String> users, Wildmat read, Wildmat post,
                         boolean feed, Wildmat approve) {

    /** True when the rule is about a client at {@code address}. */
    public boolean covers(InetAddress address) {
        if (addresses.isEmpty()) {
            return true;
        }
        for (Range r : addresses) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** True when the rule applies to a session logged in as {@code user} (null: not logged in). */
    public boolean appliesTo(String user) {
        return users == null || (user != null && (users.contains("*") || users.contains(user)));
    }

    /** An address range: "192.0.2.0/24", "2001:db8::/32" or one address. */
    public record Range(byte[] network, int prefix, String text) {
        public static Range parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range (names are not looked up)");
            }
            byte[] addr;
            try {
                addr = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
            }
            int prefix = addr.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > addr.length * 8) {
                    throw new IllegalArgumentException("\"" + text + "\": prefix length must be 0.." + addr.length * 8);
                }
            }
            return new Range(addr, prefix, t);
        }

        public boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range r && r.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
