package org.newsnode.cli;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.newsnode.feeder.Feeder;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.nntp.net.TlsContexts;

/** The node's TLS contexts from its configuration, checked before anything listens or connects. */
final class NodeTls {
    private NodeTls() {
    }

    /** The server context, or null when [tls] names no certificate. */
    static SSLContext server(NodeConfig config, Path home) throws ConfigException {
        return config.tls().enabled() ? TlsContexts.server(config.tls(), home) : null;
    }

    /** Reads every file [tls] and the peers' TLS settings name; throws what `serve` would fail on. */
    static void check(NodeConfig config, Path home) throws ConfigException {
        server(config, home);
        for (PeerConfig p : config.peers()) {
            client(config, home, p);
        }
    }

    static SSLContext client(NodeConfig config, Path home, PeerConfig p) throws ConfigException {
        return p.tls() == PeerConfig.Tls.OFF ? null : TlsContexts.client(config.tls(), home, p.tlsFingerprint(), p.name());
    }

    /** For the feeder: contexts of peers added later by a reload are made from the same [tls]. */
    static Feeder.TlsContexts forFeeder(NodeConfig config, Path home) {
        return p -> {
            try {
                return client(config, home, p);
            } catch (ConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }
}
