package org.newsnode.feeder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.Storage;

/**
 * The node's outgoing side: per configured peer one {@link PeerFeed} (its queue, read ahead
 * on feeder-pump) and its {@link PeerLink}s (connections) on one MINA connector. The store
 * tells the feeder after each commit which peers' queues grew, so new articles leave within
 * milliseconds without any polling loop.
 */
public final class Feeder implements AutoCloseable {
    private final Storage storage;
    private final NioSocketConnector connector = new NioSocketConnector();
    /** Host name lookups, which may wait on DNS: never on the timer thread every link's deadlines share. */
    private final java.util.concurrent.ExecutorService resolver = new java.util.concurrent.ThreadPoolExecutor(0, 4, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "feeder-resolve");
                t.setDaemon(true);
                return t;
            });
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("newsnode.feed");
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feeder-timer");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by this: per peer its links (one per configured connection), its feed and their shared counters. */
    private final Map<String, List<PeerLink>> links = new LinkedHashMap<>();
    private final Map<String, PeerFeed> feeds = new LinkedHashMap<>();
    private final Map<String, FeedCounters> counters = new LinkedHashMap<>();
    /** Guarded by this: per peer the connections it opened that carry its feed now (Handover). */
    private final Map<String, List<CalledInFeed>> calledIn = new LinkedHashMap<>();
    /** Keys of called-in connections in their peer's live connections, apart from the dialled links' 0..n-1. */
    private int calledInSerial = 1_000;

    /** A peer's client TLS context, or null when its links are plain (tls = "off"). */
    @FunctionalInterface
    public interface TlsContexts {
        javax.net.ssl.SSLContext forPeer(PeerConfig peer);
    }

    private final TlsContexts tls;
    private final SourceAddress sources;

    /** Peer links trust the JDK's CAs, or a peer's pinned certificate. */
    public Feeder(Storage storage, List<PeerConfig> peers) {
        this(storage, peers, p -> {
            try {
                return org.newsnode.nntp.net.TlsContexts.client(org.newsnode.storage.config.TlsConfig.NONE,
                        java.nio.file.Path.of("."), p.tlsFingerprint(), p.name());
            } catch (org.newsnode.storage.config.ConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    public Feeder(Storage storage, List<PeerConfig> peers, TlsContexts tls) {
        this(storage, peers, tls, List.of());
    }

    /** @param listen the node's plain listening addresses: on loopback its links connect from there (SourceAddress) */
    public Feeder(Storage storage, List<PeerConfig> peers, TlsContexts tls, List<java.net.InetSocketAddress> listen) {
        this.storage = storage;
        this.tls = tls;
        this.sources = new SourceAddress(listen);
        connector.setConnectTimeoutMillis(10_000);
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.getFilterChain().addLast("lines", org.newsnode.nntp.net.LineBatchDecoder.codec());
        connector.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                PeerLink link = (PeerLink) session.getAttribute(PeerLink.class);
                if (link != null) {
                    @SuppressWarnings("unchecked")
                    List<String> lines = (List<String>) message;
                    link.responses(lines);
                }
            }

            @Override
            public void sessionClosed(IoSession session) {
                PeerLink link = (PeerLink) session.getAttribute(PeerLink.class);
                if (link != null) {
                    link.closed();
                }
            }

            /** Octets reached the peer: a long article on a slow link is progress, not silence. */
            @Override
            public void messageSent(IoSession session, Object message) {
                PeerLink link = (PeerLink) session.getAttribute(PeerLink.class);
                if (link != null) {
                    link.progress();
                }
            }

            @Override
            public void event(IoSession session, org.apache.mina.filter.FilterEvent event) {
                PeerLink link = (PeerLink) session.getAttribute(PeerLink.class);
                if (link != null && event == org.apache.mina.filter.ssl.SslEvent.SECURED) {
                    link.secured((javax.net.ssl.SSLSession) session.getAttribute(org.apache.mina.filter.ssl.SslFilter.SSL_SECURED));
                }
            }

            @Override
            public void exceptionCaught(IoSession session, Throwable cause) {
                PeerLink link = (PeerLink) session.getAttribute(PeerLink.class);
                if (link != null && !(cause instanceof java.io.IOException && !(cause instanceof javax.net.ssl.SSLException))) {
                    link.error(cause);
                }
                session.closeNow();
            }
        });
        for (PeerConfig p : peers) {
            add(p);
        }
    }

    private List<PeerLink> add(PeerConfig p) {
        FeedCounters c = counters.computeIfAbsent(p.name(), n -> new FeedCounters());
        // a page feeds every connection's window twice over: one query per page, read ahead at half
        PeerFeed feed = new PeerFeed(p.name(), 2 * p.window() * p.connections(), storage, pump, timers,
                () -> wakeAll(p.name()));
        List<PeerLink> list = new java.util.ArrayList<>();
        for (int i = 0; i < p.connections(); i++) {
            list.add(new PeerLink(p, i, c, feed, connector, timers, resolver, sources,
                    p.tls() == PeerConfig.Tls.OFF ? null : tls.forPeer(p)));
        }
        links.put(p.name(), list);
        feeds.put(p.name(), feed);
        return list;
    }

    /**
     * Applies a changed peer list while running: links of removed peers close, new peers get
     * a link, a peer whose entry changed gets a fresh link; the others go on undisturbed.
     */
    public synchronized void reconfigure(List<PeerConfig> peers) {
        Map<String, PeerConfig> wanted = new LinkedHashMap<>();
        peers.forEach(p -> wanted.put(p.name(), p));
        for (var it = links.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!e.getValue().get(0).peer().equals(wanted.get(e.getKey()))) {
                log.info("feed {}: {}; its links restart", e.getKey(), wanted.containsKey(e.getKey())
                        ? "its [[peer]] entry changed" : "no longer a peer");
                e.getValue().forEach(PeerLink::close);
                calledIn.getOrDefault(e.getKey(), List.of()).forEach(CalledInFeed::close);
                feeds.remove(e.getKey()).close();
                it.remove();
                if (!wanted.containsKey(e.getKey())) {
                    counters.remove(e.getKey());
                } else if (counters.containsKey(e.getKey())) {
                    counters.get(e.getKey()).askCapabilitiesAgain(); // a changed entry may need what CAPABILITIES tells
                }
            }
        }
        for (PeerConfig p : peers) {
            if (!links.containsKey(p.name())) {
                add(p).forEach(PeerLink::start);
            }
        }
    }

    /** Kicks the links of one peer, or of every peer when {@code peer} is null; false when there is no such peer. */
    public boolean flush(String peer) {
        List<PeerLink> all = new java.util.ArrayList<>();
        synchronized (this) {
            if (peer == null) {
                links.values().forEach(all::addAll);
            } else if (links.containsKey(peer)) {
                all.addAll(links.get(peer));
            } else {
                return false;
            }
        }
        all.forEach(PeerLink::flush);
        return true;
    }

    /** Connects one link to every peer, and every link that has something queued (a restart resumes from the queues). */
    public void start() {
        storage.onQueued(this::wake);
        storage.onPeerSeen(this::peerIsUp);
        links.values().forEach(list -> list.get(0).announce()); // one link per peer says we are back, queue or not
        feeds.values().forEach(PeerFeed::queued); // each feed reads its queue; rows found wake (and connect) its links
    }

    /** Where links are woken for new queue rows: the store's completion thread only hands over. */
    private final java.util.concurrent.ExecutorService pump = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "feeder-pump");
        t.setDaemon(true);
        return t;
    });

    /** New articles were queued for these peers: their feeds read the queue on feeder-pump and wake their links. */
    public void wake(Set<String> peers) {
        List<PeerFeed> woken = new java.util.ArrayList<>();
        synchronized (this) {
            for (String name : peers) {
                PeerFeed f = feeds.get(name);
                if (f != null) {
                    woken.add(f);
                }
            }
        }
        woken.forEach(PeerFeed::queued);
    }

    /** The peer connected to this node: its links stop waiting out a backoff (on the feeder's thread, not the session's). */
    public void peerIsUp(String name) {
        onPump(Set.of(name), PeerLink::peerIsUp);
    }

    /** Runs {@code action} on every link of these peers, on feeder-pump; when closing, nothing (queue rows stay). */
    private void onPump(Set<String> peers, java.util.function.Consumer<PeerLink> action) {
        onPump(() -> {
            for (String name : peers) {
                List<PeerLink> list;
                synchronized (this) {
                    list = links.get(name);
                }
                if (list != null) {
                    list.forEach(action);
                }
            }
        });
    }

    private void onPump(Runnable task) {
        try {
            pump.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the queue rows stay for the next start
        }
    }

    /** New rows for a peer (on feeder-pump): its dialled links and the connections it opened offer them. */
    private void wakeAll(String name) {
        onPump(() -> {
            List<PeerLink> out;
            List<CalledInFeed> in;
            synchronized (this) {
                out = links.getOrDefault(name, List.of());
                in = List.copyOf(calledIn.getOrDefault(name, List.of()));
            }
            out.forEach(PeerLink::wake);
            in.forEach(CalledInFeed::wake);
        });
    }

    /** A connection the peer opened ended. */
    private synchronized void calledInGone(CalledInFeed in) {
        List<CalledInFeed> l = calledIn.get(in.peerName());
        if (l != null) {
            l.remove(in);
        }
    }

    /** What the server's {@link org.newsnode.nntp.net.Handover} attaches: a peer that called in is offered its feed over that connection. */
    public org.newsnode.nntp.net.Handover.Feeds handover() {
        return handover;
    }

    private final org.newsnode.nntp.net.Handover.Feeds handover = new org.newsnode.nntp.net.Handover.Feeds() {
        @Override
        public org.newsnode.nntp.net.Handover.Owner feed(String peer, IoSession session, boolean streaming) {
            synchronized (Feeder.this) {
                PeerFeed feed = feeds.get(peer);
                if (feed == null) {
                    return null;
                }
                CalledInFeed in = new CalledInFeed(links.get(peer).get(0).peer(), calledInSerial++, counters.get(peer), feed,
                        session, streaming, timers, Feeder.this::calledInGone);
                calledIn.computeIfAbsent(peer, k -> new java.util.ArrayList<>()).add(in);
                return in;
            }
        }
    };

    /** Counters per peer, in configuration order. */
    public synchronized Map<String, FeedCounters> counters() {
        return new LinkedHashMap<>(counters);
    }

    @Override
    public synchronized void close() {
        pump.shutdownNow();
        links.values().forEach(list -> list.forEach(PeerLink::close));
        calledIn.values().forEach(list -> List.copyOf(list).forEach(CalledInFeed::close));
        feeds.values().forEach(PeerFeed::close);
        timers.shutdownNow();
        resolver.shutdownNow();
        connector.dispose(true);
    }
}
