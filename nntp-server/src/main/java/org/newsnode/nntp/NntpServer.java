package org.newsnode.nntp;

import org.newsnode.nntp.context.ServerContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.newsnode.nntp.codec.NntpCodecFactory;
import org.newsnode.nntp.command.CommandRegistry;

/**
 * The NNTP listener: a MINA acceptor with the NNTP codec and the reader command table.
 * Commands run on the I/O threads (reads are short H2 lookups); a command that waits for a
 * commit hands its continuation to the context's executor, so no I/O thread ever blocks on
 * a write.
 */
public final class NntpServer implements AutoCloseable {
    private final ServerContext context;
    /** One handler for both listeners: the connection limits count them together. */
    private final NntpHandler handler;
    private final NioSocketAcceptor acceptor;
    /** The implicit-TLS listener (RFC 4642 §1, port 563), or null. */
    private NioSocketAcceptor tlsAcceptor;

    public NntpServer(ServerContext context) {
        this.context = context;
        this.handler = new NntpHandler(context, CommandRegistry.readerCommands());
        this.acceptor = acceptor(false);
    }

    private NioSocketAcceptor acceptor(boolean implicitTls) {
        NioSocketAcceptor acceptor = new NioSocketAcceptor();
        acceptor.setReuseAddress(true);
        if (implicitTls) {
            acceptor.getFilterChain().addLast(MinaTransport.TLS, org.newsnode.nntp.net.TlsFilter.server(context.tls()));
        }
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getFilterChain().addLast(org.newsnode.nntp.net.Handover.CODEC, new ProtocolCodecFilter(
                new NntpCodecFactory(NntpCodecFactory.MAX_COMMAND_LINE, context.config().maxArticleSize(),
                        context.config().inputTimeoutSeconds())));
        if (context.config().idleTimeoutSeconds() > 0) {
            // nothing read or written for this long ends the session (INN's clienttimeout)
            acceptor.getSessionConfig().setIdleTime(org.apache.mina.core.session.IdleStatus.BOTH_IDLE,
                    context.config().idleTimeoutSeconds());
        }
        if (context.config().inputTimeoutSeconds() > 0) {
            // a half-sent line or article with no byte after it for this long ends the session (see NntpHandler)
            acceptor.getSessionConfig().setIdleTime(org.apache.mina.core.session.IdleStatus.READER_IDLE,
                    context.config().inputTimeoutSeconds());
        }
        acceptor.setHandler(handler);
        return acceptor;
    }

    /** The connections open now on the plain listener (the one a peer calls in on). */
    public java.util.Collection<org.apache.mina.core.session.IoSession> sessions() {
        return acceptor.getManagedSessions().values();
    }

    /** Binds every address; returns the bound addresses (port 0 becomes a real port). */
    public List<InetSocketAddress> start(List<InetSocketAddress> addresses) throws IOException {
        return bind(acceptor, addresses);
    }

    /** Binds the implicit-TLS addresses (tls.listen); needs the context's TLS. */
    public List<InetSocketAddress> startTls(List<InetSocketAddress> addresses) throws IOException {
        if (context.tls() == null) {
            throw new IllegalStateException("no TLS context");
        }
        tlsAcceptor = acceptor(true);
        return bind(tlsAcceptor, addresses);
    }

    private static List<InetSocketAddress> bind(NioSocketAcceptor acceptor, List<InetSocketAddress> addresses) throws IOException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            resolved.add(a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a);
        }
        acceptor.bind(resolved);
        List<InetSocketAddress> bound = new ArrayList<>();
        acceptor.getLocalAddresses().forEach(a -> bound.add((InetSocketAddress) a));
        return bound;
    }

    public ServerContext context() {
        return context;
    }

    /** Octets written by sessions and not yet taken by their clients, over all sessions. */
    public long pendingOutput() {
        long sum = 0;
        for (NioSocketAcceptor a : tlsAcceptor == null ? List.of(acceptor) : List.of(acceptor, tlsAcceptor)) {
            for (var s : a.getManagedSessions().values()) {
                sum += s.getScheduledWriteBytes();
            }
        }
        return sum;
    }

    /** Stops accepting, closes sessions. */
    @Override
    public void close() {
        for (NioSocketAcceptor a : tlsAcceptor == null ? List.of(acceptor) : List.of(acceptor, tlsAcceptor)) {
            a.unbind();
            a.getManagedSessions().values().forEach(s -> s.closeNow());
            a.dispose(true);
        }
    }
}
