package org.newsnode.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which local address a link binds to; the sockets themselves are in PeerLinkTest. */
class SourceAddressTest {
    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void loopbackToLoopbackSpeaksFromTheListenAddress() {
        SourceAddress s = new SourceAddress(List.of(at("127.0.0.2", 119), at("127.0.0.2", 433)));
        assertEquals(at("127.0.0.2", 0), s.forLink(null, at("127.0.0.1", 119)), "one address on two ports is one address");
    }

    @Test
    void offLoopbackTheKernelPicks() {
        assertNull(new SourceAddress(List.of(at("127.0.0.2", 119))).forLink(null, at("192.0.2.1", 119)),
                "a loopback source cannot reach another host");
        assertNull(new SourceAddress(List.of(at("192.0.2.10", 119))).forLink(null, at("192.0.2.1", 119)),
                "routing picks the source on a real network (INN's default too)");
    }

    @Test
    void wildcardsSeveralAddressesOrAnotherFamilyBindNothing() {
        assertNull(new SourceAddress(List.of(at("0.0.0.0", 119))).forLink(null, at("127.0.0.1", 119)));
        assertNull(new SourceAddress(List.of(at("127.0.0.2", 119), at("127.0.0.3", 119))).forLink(null, at("127.0.0.1", 119)));
        assertNull(new SourceAddress(List.of(at("127.0.0.2", 119))).forLink(null, at("::1", 119)));
        assertNull(new SourceAddress(List.of()).forLink(null, at("127.0.0.1", 119)));
    }

    @Test
    void thePeersOwnSourceAddressWins() {
        assertEquals(at("192.0.2.10", 0), new SourceAddress(List.of(at("127.0.0.2", 119))).forLink("192.0.2.10", at("127.0.0.1", 119)));
    }
}
