package org.newsnode.nntp.context;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;

/**
 * What commands may use: the store, the node's configuration, its peers and users, the clock, the
 * executor on which a session continues after waiting for a write to commit, and the hand-over
 * of a connection a peer opened to the feeder that offers it that peer's queue.
 */
public record ServerContext(Storage storage, NodeConfig config, PeerDirectory peers, UserDirectory users, AccessDirectory access,
                            AuthThrottle authThrottle, Clock clock, String version, Executor continuations,
                            javax.net.ssl.SSLContext tls, Executor scans, org.newsnode.storage.intake.ControlDesk control,
                            org.newsnode.nntp.net.Handover handover) {
    /** Threads for commands that scan (OVER, HDR, XPAT, LISTGROUP, NEWNEWS): a few, so scans never take every core. */
    static final int SCAN_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    public static ServerContext of(Storage storage, NodeConfig config, Clock clock, String version, Executor continuations) {
        return new ServerContext(storage, config, new PeerDirectory(config.peers()), new UserDirectory(config.users()),
                new AccessDirectory(config.access()), new AuthThrottle(), clock, version, continuations, null, scanPool(),
                new org.newsnode.storage.intake.ControlDesk(storage, config), new org.newsnode.nntp.net.Handover());
    }

    /** Idle threads end after a while, so a context dropped by a test or a CLI run leaves none behind. */
    private static Executor scanPool() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        var pool = new java.util.concurrent.ThreadPoolExecutor(SCAN_THREADS, SCAN_THREADS, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "nntp-scan-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The same context with the node's server TLS context (STARTTLS and implicit TLS; null: none). */
    /** The way in for articles under this context's config (cheap: a view, made per arrival). */
    public org.newsnode.storage.intake.Intake intake() {
        return new org.newsnode.storage.intake.Intake(storage, config, clock, control);
    }

    public ServerContext withTls(javax.net.ssl.SSLContext tls) {
        return new ServerContext(storage, config, peers, users, access, authThrottle, clock, version, continuations, tls, scans, control, handover);
    }

    /**
     * AUTHINFO from {@code host} must wait for TLS (483 before, RFC 4643 §2.2): the node has TLS
     * and tls.require-for-auth holds, or the client is beyond loopback, where a password in clear
     * text can be read on the way, and tls.allow-plain-auth does not say that is meant.
     */
    public boolean authNeedsTls(String host) {
        if (tls != null && config.tls().requireForAuth()) {
            return true;
        }
        return !config.tls().allowPlainAuth() && !isLoopback(host);
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress(); // a literal from the socket: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
