package org.newsnode.nntp.net;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * MINA's SSL filter with the engine newsnode wants: TLS 1.2 or 1.3 only (RFC 8143 §3), no
 * reverse DNS lookup per connection on the server side, and on the client side the peer's
 * configured host name for SNI and, unless a certificate is pinned, the name check (RFC 6125).
 * JSSE never negotiates TLS-level compression, as RFC 8054 §2.2.2 asks.
 */
public final class TlsFilter extends SslFilter {
    private final String host;
    private final int port;
    private final boolean checkName;

    private TlsFilter(SSLContext context, String host, int port, boolean checkName) {
        super(context);
        this.host = host;
        this.port = port;
        this.checkName = checkName;
    }

    /** For accepted connections (STARTTLS or the implicit-TLS listener). */
    public static TlsFilter server(SSLContext context) {
        return new TlsFilter(context, null, 0, false);
    }

    /** For the feeder's link to {@code host}: the handshake starts as soon as the filter is added. */
    public static TlsFilter client(SSLContext context, String host, int port, boolean checkName) {
        return new TlsFilter(context, host, port, checkName);
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress addr) {
        SSLEngine engine = host == null ? sslContext.createSSLEngine() : sslContext.createSSLEngine(host, port);
        engine.setUseClientMode(!session.isServer());
        engine.setEnabledProtocols(TlsContexts.PROTOCOLS);
        if (checkName) {
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 8143 §5: the server's name as in RFC 6125
            engine.setSSLParameters(p);
        }
        return engine;
    }
}
