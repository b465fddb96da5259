package org.newsnode.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** newsnode serve: run a node in the foreground. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the node in the foreground, logging to stdout. With no home yet, one is created "
                + "with defaults (path identity = host name, listening on " + NodeHome.DEFAULT_LISTEN + ").",
                "SIGTERM or Ctrl-C stops it cleanly; SIGHUP (like `newsnode reload`) re-reads peers, users and "
                        + "expiry rules from newsnode.toml.",
                "Exit codes: 0 stopped cleanly, 1 cannot open the database or listen, 3 invalid configuration."},
        footer = {"", "Example:", "  newsnode serve --home /srv/newsnode"})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("newsnode");

    @Mixin
    HomeOption home;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** SIGHUP re-reads the configuration, as INN's `ctlinnd reload` and most daemons do. */
    private static void reloadOnHangup(Node node) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    node.reloadConfig();
                } catch (ConfigException e) {
                    log.error("SIGHUP: configuration not reloaded, the running one stays: {}", e.getMessage());
                }
            });
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // the JVM leaves a signal ignored at start (nohup) ignored, whatever handler is set
                log.warn("SIGHUP is ignored by this process (started under nohup?), so it cannot reload the configuration; "
                        + "use `newsnode reload`");
            }
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP cannot be handled here ({}); use newsnode reload", e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        NodeHome nodeHome = home.resolve();
        NodeConfig config;
        try {
            if (!nodeHome.initialized()) {
                nodeHome.init(NodeHome.defaultPathIdentity(), NodeHome.DEFAULT_LISTEN);
                log.info("created node home {}", nodeHome.dir());
            }
            config = nodeHome.loadConfig();
        } catch (org.newsnode.storage.store.StoreInUseException e) {
            spec.commandLine().getErr().println("newsnode serve: " + nodeHome.inUse(e));
            return 3;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("newsnode serve: " + e.getMessage());
            return 3;
        }
        Node node;
        try {
            node = Node.start(nodeHome, config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("newsnode serve: " + e.getMessage());
            return 3;
        } catch (org.newsnode.storage.store.StoreInUseException e) {
            spec.commandLine().getErr().println("newsnode serve: " + nodeHome.inUse(e));
            return 3;
        } catch (java.sql.SQLException e) {
            spec.commandLine().getErr().println("newsnode serve: cannot open the database in " + nodeHome.dataDir(config)
                    + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            java.util.List<java.net.InetSocketAddress> all = new java.util.ArrayList<>(config.listen());
            all.addAll(config.tls().listen());
            String addrs = all.stream().map(a -> a.getHostString() + ":" + a.getPort())
                    .collect(java.util.stream.Collectors.joining(", "));
            spec.commandLine().getErr().println("newsnode serve: cannot listen on " + addrs + " (server.listen"
                    + (config.tls().listen().isEmpty() ? "" : ", tls.listen") + "): " + root.getMessage());
            return 1;
        }
        reloadOnHangup(node);
        warnWithoutExitOnOutOfMemory();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            Thread closing = new Thread(node::close, "shutdown-close");
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(SHUTDOWN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closing.isAlive()) {
                // what is acknowledged is in the article log already: the next start replays it, as after kill -9
                log.error("shutdown did not finish within {} s; exiting anyway (the next start checks the database)",
                        SHUTDOWN_MILLIS / 1000);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** SIGTERM ends the process within this time whatever hangs (systemd's TimeoutStopSec in etc/ is above it). */
    static final long SHUTDOWN_MILLIS = 30_000;

    /** The launcher and etc/newsnode.service pass -XX:+ExitOnOutOfMemoryError; a hand-started JVM may not. */
    private static void warnWithoutExitOnOutOfMemory() {
        try {
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (hotspot != null && !Boolean.parseBoolean(hotspot.getVMOption("ExitOnOutOfMemoryError").getValue())) {
                log.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: after an out-of-memory error the node would go on "
                        + "half dead instead of exiting (the ./newsnode launcher and etc/newsnode.service set it)");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("cannot read ExitOnOutOfMemoryError: {}", e.getMessage());
        }
    }
}
