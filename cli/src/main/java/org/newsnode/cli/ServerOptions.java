package org.newsnode.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.newsnode.cli.client.NntpClient;
import org.newsnode.storage.config.NodeConfig;
import picocli.CommandLine.Option;

/** --server, --user, --password and --timeout for commands that talk NNTP to a server. */
public final class ServerOptions {
    @Option(names = "--server", paramLabel = "HOST[:PORT]",
            description = "NNTP server (default: the local node's first listen address from its newsnode.toml, "
                    + "else 127.0.0.1:119).")
    String server;

    @Option(names = "--user", paramLabel = "NAME", description = "Log in with AUTHINFO USER/PASS as NAME.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password for --user (or $NEWSNODE_PASSWORD).")
    String password;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the server (default ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    /** The server to talk to; {@code home} gives the local node's address when --server is absent. */
    InetSocketAddress address(NodeHome home) {
        if (server != null) {
            String s = server;
            boolean hasPort = s.startsWith("[") ? s.contains("]:") : s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':');
            if (!hasPort) {
                s = s.startsWith("[") || s.indexOf(':') < 0 ? s + ":119" : "[" + s + "]:119"; // a bare IPv6 address
            }
            return NodeConfig.parseHostPort(s);
        }
        if (home.initialized()) {
            try {
                InetSocketAddress a = home.loadConfig().listen().get(0);
                String host = a.getHostString();
                boolean any = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
                return InetSocketAddress.createUnresolved(any ? "127.0.0.1" : host, a.getPort());
            } catch (org.newsnode.storage.config.ConfigException e) {
                // fall through to the default port
            }
        }
        return InetSocketAddress.createUnresolved("127.0.0.1", 119);
    }

    /**
     * Connects and logs in when asked; throws {@link ServerRefusal} carrying the server's
     * reply when the greeting or the login is refused.
     */
    NntpClient open(NodeHome home) throws IOException, ServerRefusal {
        InetSocketAddress a = address(home);
        NntpClient c = NntpClient.connect(a.getHostString(), a.getPort(), timeoutSeconds * 1000L);
        try {
            if (c.greeting().code() != 200 && c.greeting().code() != 201) {
                throw new ServerRefusal(c.greeting());
            }
            c.readerModeIfOffered();
            String pw = password != null ? password : System.getenv("NEWSNODE_PASSWORD");
            if (user != null) {
                NntpClient.Reply r = c.login(user, pw == null ? "" : pw);
                if (r.code() != 281) {
                    throw new ServerRefusal(r);
                }
            }
            return c;
        } catch (IOException | ServerRefusal | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The server said no: exit code 1 with its reply. */
    static final class ServerRefusal extends Exception {
        final NntpClient.Reply reply;

        ServerRefusal(NntpClient.Reply reply) {
            super(reply.toString());
            this.reply = reply;
        }
    }
}
