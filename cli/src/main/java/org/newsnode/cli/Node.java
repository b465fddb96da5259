package org.newsnode.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsnode.feeder.Feeder;
import org.newsnode.nntp.NntpServer;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running node: storage, the NNTP listener and the control channel, started and stopped together. */
public final class Node implements NodeServices, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("newsnode");

    private final NodeHome home;
    /** The running configuration; reload replaces it (peers, users and expiry apply at once). */
    private volatile NodeConfig config;
    private final Storage storage;
    private final ExecutorService continuations;
    private final NntpServer server;
    private Feeder feeder;
    private ControlServer control;
    private final java.util.concurrent.ScheduledExecutorService expiry =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "expiry");
                t.setDaemon(true);
                return t;
            });
    private final List<InetSocketAddress> listening;

    private Node(NodeHome home, NodeConfig config, Storage storage, ExecutorService continuations, NntpServer server,
                 ControlServer control, List<InetSocketAddress> listening) {
        this.home = home;
        this.config = config;
        this.storage = storage;
        this.continuations = continuations;
        this.server = server;
        this.control = control;
        this.listening = listening;
    }

    /** Opens the store and starts listening; logs "listening on HOST:PORT" per address. */
    public static Node start(NodeHome home, NodeConfig config) throws SQLException, IOException,
            org.newsnode.storage.config.ConfigException {
        NodeTls.check(config, home.dir()); // a bad key or trust store stops the start, naming the key
        Storage storage = home.openStorage(config);
        home.warnIfLoose(config, log);
        storage.setPeers(config.peers());
        AtomicInteger n = new AtomicInteger();
        ExecutorService continuations = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                r -> {
                    Thread t = new Thread(r, "nntp-continuation-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        NntpServer server = null;
        ControlServer control = null;
        Feeder feeder = null;
        try {
            ServerContext ctx = ServerContext.of(storage, config, Clock.systemUTC(), Version.get(), continuations)
                    .withTls(NodeTls.server(config, home.dir()));
            server = new NntpServer(ctx);
            List<InetSocketAddress> bound = new java.util.ArrayList<>(server.start(config.listen()));
            List<InetSocketAddress> tlsBound = config.tls().listen().isEmpty() ? List.of() : server.startTls(config.tls().listen());
            Node node = new Node(home, config, storage, continuations, server, null, bound);
            feeder = new Feeder(storage, config.peers(), NodeTls.forFeeder(config, home.dir()), bound);
            node.feeder = feeder;
            ctx.handover().attach(feeder.handover()); // a peer's own connection can carry its feed (the server hands it over)
            feeder.start();
            control = ControlServer.start(home, node);
            node.control = control;
            long every = config.expiry().interval().toMillis();
            if (every > 0) {
                node.expiry.scheduleWithFixedDelay(node::expireNow, every, every, TimeUnit.MILLISECONDS);
            }
            for (InetSocketAddress a : bound) {
                log.info("listening on {}:{}{}", a.getAddress().getHostAddress(), a.getPort(),
                        ctx.tls() == null ? "" : " (STARTTLS offered)");
            }
            for (InetSocketAddress a : tlsBound) {
                log.info("listening on {}:{} (implicit TLS)", a.getAddress().getHostAddress(), a.getPort());
            }
            node.tlsListening = tlsBound;
            return node;
        } catch (IOException | RuntimeException e) {
            if (control != null) {
                control.close();
            }
            if (server != null) {
                server.close();
            }
            if (feeder != null) {
                feeder.close();
            }
            continuations.shutdownNow();
            storage.close();
            throw e;
        }
    }

    /** The scheduled expiry run: one log line with what it did. */
    private void expireNow() {
        try {
            long t0 = System.nanoTime();
            Storage.ExpiryReport r = storage.expire(config.expiry(), false, (done, total, rows) -> { });
            log.info("expiry: {} groups, {} articles out of their groups, {} deleted, {} history entries forgotten, "
                    + "{} sparse segments compacted ({} articles moved), {} log segments ({} bytes) given back in {} ms",
                    r.groups(), r.rowsRemoved(), r.articlesRemoved(), r.historyPurged(), r.segmentsCompacted(),
                    r.articlesMoved(), r.segmentsDeleted(), r.bytesFreed(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            log.error("expiry failed: {}", e.getMessage());
        }
    }

    /** The implicit-TLS addresses bound (port 0 resolved). */
    private List<InetSocketAddress> tlsListening = List.of();

    public List<InetSocketAddress> tlsListening() {
        return tlsListening;
    }

    @Override
    public org.newsnode.nntp.context.ServerContext serverContext() {
        return server.context();
    }

    /** The outgoing links, for counters. */
    @Override
    public Feeder feeder() {
        return feeder;
    }

    /**
     * Re-reads the configuration file and applies its peers, users and expiry rules without a
     * restart; other changed settings are named in the log as needing one. An invalid file
     * changes nothing.
     */
    @Override
    public synchronized String reloadConfig() throws org.newsnode.storage.config.ConfigException {
        NodeConfig fresh = home.loadConfig();
        NodeTls.check(fresh, home.dir());
        storage.setPeers(fresh.peers());
        server.context().peers().replace(fresh.peers());
        server.context().users().replace(fresh.users());
        server.context().access().replace(fresh.access());
        server.context().control().reconfigure(fresh); // control.*, moderation.*, mail.*
        feeder.reconfigure(fresh.peers());
        NodeConfig old = config;
        config = fresh;
        String summary = "peers " + fresh.peers().stream().map(p -> p.name()).toList() + ", " + fresh.users().size()
                + " users, " + fresh.access().size() + " access rules, " + fresh.expiry().rules().size() + " expiry rules";
        List<String> restart = old.needsRestartFor(fresh);
        log.info("configuration reloaded: {}{}", summary, restart.isEmpty() ? "" : "; these take effect at the next start: "
                + String.join(", ", restart));
        return summary + (restart.isEmpty() ? "" : " (restart for: " + String.join(", ", restart) + ")");
    }

    public List<InetSocketAddress> listening() {
        return listening;
    }

    @Override
    public NodeHome home() {
        return home;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public NodeConfig config() {
        return config;
    }

    /** Stops listening, lets waiting sessions finish their commits, closes the database. */
    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        expiry.shutdownNow();
        server.close();
        server.context().control().close();
        if (feeder != null) {
            feeder.close();
        }
        continuations.shutdown();
        try {
            continuations.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
        log.info("stopped");
    }
}
