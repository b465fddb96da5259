package org.newsnode.nntp.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.newsnode.nntp.NntpServer;
import org.newsnode.nntp.context.ServerContext;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;

/** An in-JVM node for tests: a real H2 file database in a directory and a real NNTP listener on loopback. */
public final class TestNode implements AutoCloseable {
    private final Path dir;
    private final NodeConfig config;
    private final Clock clock;
    private Storage storage;
    private NntpServer server;
    private ExecutorService continuations;
    private int port;

    private TestNode(Path dir, NodeConfig config, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
    }

    public static NodeConfig config(String pathIdentity) {
        return NodeConfig.defaults(pathIdentity, InetSocketAddress.createUnresolved("127.0.0.1", 0));
    }

    /**
     * A node ("here.example") with one peer that connects from 127.0.0.1 and writes
     * {@code peerIdentity} into Path; {@code extra} adds keys to the [[peer]] table.
     */
    public static TestNode withPeer(Path dir, String peerName, String peerIdentity, String extra) throws Exception {
        return start(dir, NodeConfig.parse("path-identity = \"here.example\"\nserver.listen = \"127.0.0.1:0\"\n[[peer]]\nname = \""
                + peerName + "\"\nhost = \"127.0.0.1\"\npath-identity = \"" + peerIdentity + "\"\n" + extra, "test.toml"),
                Clock.systemUTC());
    }

    public static TestNode start(Path dir) throws Exception {
        return start(dir, config("test.node"), Clock.systemUTC());
    }

    public static TestNode start(Path dir, NodeConfig config, Clock clock) throws Exception {
        TestNode n = new TestNode(dir, config, clock);
        n.open();
        return n;
    }

    private void open() throws SQLException, IOException {
        storage = Storage.open(dir.resolve("data"), config.cacheMb(), config.fsync(), clock);
        storage.setPeers(config.peers());
        continuations = Executors.newFixedThreadPool(4);
        server = new NntpServer(ServerContext.of(storage, config, clock, "test", continuations));
        List<InetSocketAddress> bound = server.start(config.listen());
        port = bound.get(0).getPort();
    }

    /** Stops everything and opens the same database again (a clean restart). */
    public void restart() throws Exception {
        close();
        open();
    }

    public int port() {
        return port;
    }

    /** Octets queued for clients that have not read them (see {@link NntpServer#pendingOutput}). */
    public long pendingOutput() {
        return server.pendingOutput();
    }

    public NntpServer server() {
        return server;
    }

    public Storage storage() {
        return storage;
    }

    public NodeConfig config() {
        return config;
    }

    public Group createGroup(String name) {
        return createGroup(name, Group.POSTING);
    }

    public Group createGroup(String name, char status) {
        return storage.createGroup(name, "Group " + name, status, "test").join();
    }

    public NntpTestClient client() throws IOException {
        return new NntpTestClient("127.0.0.1", port);
    }

    @Override
    public void close() {
        server.close();
        continuations.shutdown();
        storage.close();
    }
}
