package org.newsnode.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Clock;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PathIdentity;
import org.newsnode.storage.io.PrivateFiles;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;

/**
 * A node home: newsnode.toml, the H2 database under data/, and while the node runs the
 * control file through which the CLI reaches it.
 */
public record NodeHome(Path dir) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:1119";

    /** --home, else $NEWSNODE_HOME, else ~/.newsnode. */
    public static NodeHome resolve(Path option) {
        if (option != null) {
            return new NodeHome(option.toAbsolutePath());
        }
        String env = System.getenv("NEWSNODE_HOME");
        if (env != null && !env.isBlank()) {
            return new NodeHome(Paths.get(env).toAbsolutePath());
        }
        return new NodeHome(Paths.get(System.getProperty("user.home"), ".newsnode"));
    }

    public Path configFile() {
        return dir.resolve(NodeConfig.FILE_NAME);
    }

    /** The data directory the configuration names (storage.path, relative to the home), else {@link #dataDir()}. */
    public Path dataDir(NodeConfig config) {
        return config.storagePath() == null ? dataDir() : dir.resolve(config.storagePath());
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path controlFile() {
        return dir.resolve("control");
    }

    public boolean initialized() {
        return Files.exists(configFile());
    }

    public NodeConfig loadConfig() throws ConfigException {
        if (!initialized()) {
            throw new ConfigException(configFile() + ": no such file (run `newsnode init " + dir + "` first)");
        }
        return NodeConfig.load(configFile());
    }

    /** The configuration, or null after printing its error as one line on {@code err}. */
    public NodeConfig loadConfigOrNull(java.io.PrintWriter err) {
        try {
            return loadConfig();
        } catch (ConfigException e) {
            err.println("newsnode: " + e.getMessage());
            return null;
        }
    }

    public Storage openStorage(NodeConfig config) throws SQLException {
        return Storage.open(dataDir(config), org.newsnode.storage.store.StoreOptions.of(config.cacheMb(), config.fsync(),
                config.mapArticles()), Clock.systemUTC());
    }

    /**
     * Warns, one line each, when the home, the data directory or the configuration are open to
     * other local users (they hold password hashes, key passwords and hidden groups' articles).
     */
    public void warnIfLoose(NodeConfig config, org.slf4j.Logger log) {
        for (Path p : java.util.List.of(dir, dataDir(config), configFile())) {
            try {
                if (PrivateFiles.isLooser(p)) {
                    log.warn("{} is {}: other local users can read it; chmod {} {}", p, PrivateFiles.mode(p),
                            Files.isDirectory(p) ? "700" : "600", p);
                }
            } catch (IOException e) {
                log.warn("cannot read the permissions of {}: {}", p, e.getMessage());
            }
        }
    }

    /** The one line a second opener of this home prints. */
    public String inUse(org.newsnode.storage.store.StoreInUseException e) {
        return "node home " + dir + " is in use by process " + e.pid()
                + (e.dir().equals(dataDir()) ? "" : " (data directory " + e.dir() + ")");
    }

    /** The host name as a path identity, or "localhost" when it cannot be one. */
    public static String defaultPathIdentity() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return PathIdentity.isValid(h) ? h : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * Creates the home: the commented sample config with identity and listen address filled
     * in, the database with its schema, and INN's two starter groups.
     */
    public void init(String pathIdentity, String listen) throws IOException, ConfigException, SQLException {
        if (initialized()) {
            throw new IOException(configFile() + " already exists; not overwriting it");
        }
        if (!PathIdentity.isValid(pathIdentity)) {
            throw new ConfigException("--path-identity: \"" + pathIdentity + "\" is not a valid path identity");
        }
        InetSocketAddress listenAddr;
        try {
            listenAddr = NodeConfig.parseHostPort(listen);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--listen: " + e.getMessage());
        }
        PrivateFiles.createDirectories(dir); // 0700: config, data and control socket are the node user's alone
        String template;
        try (InputStream in = NodeHome.class.getResourceAsStream("/etc/newsnode.toml")) {
            if (in == null) {
                throw new IOException("the sample configuration is missing from the build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String text = template.replace("@PATH_IDENTITY@", pathIdentity)
                .replace("@LISTEN@", listenAddr.getHostString() + ":" + listenAddr.getPort());
        NodeConfig config = NodeConfig.parse(text, configFile().toString());
        try (Storage storage = openStorage(config)) {
            String creator = "newsnode-init";
            storage.createGroup("local.general", "Local general discussion", Group.POSTING, creator).join();
            storage.createGroup("local.test", "Local test group", Group.POSTING, creator).join();
        }
        // the config file goes last: its presence marks a complete home
        PrivateFiles.write(configFile(), text);
    }
}
