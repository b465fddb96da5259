package org.newsnode.nntp;

import org.newsnode.nntp.context.ServerContext;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.newsnode.storage.config.NodeConfig;

/** A password in clear text only where nobody can read it on the way: loopback, or where the operator says so. */
class PlainAuthTest {
    private static ServerContext context(String extra) throws Exception {
        NodeConfig c = NodeConfig.parse("path-identity = \"p.test\"\n" + extra, "t.toml");
        return ServerContext.of(null, c, Clock.systemUTC(), "t", Runnable::run);
    }

    @Test
    void withoutTlsAuthinfoIsForLoopbackOnly() throws Exception {
        ServerContext ctx = context("");
        assertFalse(ctx.authNeedsTls("127.0.0.1"));
        assertFalse(ctx.authNeedsTls("0:0:0:0:0:0:0:1"));
        assertTrue(ctx.authNeedsTls("192.0.2.10"), "off loopback a clear-text password gets 483");
        assertTrue(ctx.authNeedsTls("2001:db8::1"));
    }

    @Test
    void theOperatorMayAllowItInSoManyWords() throws Exception {
        assertFalse(context("[tls]\nallow-plain-auth = true\n").authNeedsTls("192.0.2.10"));
    }
}
