package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * A command that changes or reads a node's state. When the node is running, the command
 * line is sent over the node's control channel and runs inside the node, so the running
 * node sees the change at once; otherwise the CLI opens the database itself.
 */
public abstract class AdminCommand implements Callable<Integer> {
    /** Set when this instance runs inside a node (see {@link Main#newCommandLine}). */
    NodeServices services;
    /** Inside a node: the octets of the file the CLI opened for this command (see {@link #openOutput}). */
    java.io.OutputStream dataSink;

    @Mixin
    HomeOption home;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** True when this instance runs inside the node (its output reaches the user only at the end). */
    protected boolean insideNode() {
        return services != null;
    }

    /**
     * The command line the running node is given; commands with file arguments make them
     * absolute here, as the node does not share the CLI's working directory.
     */
    protected List<String> argvForNode(List<String> original) {
        return original;
    }

    /**
     * The file a command writes (export): the CLI opens it, never the node, so a path names
     * what the CLI's user may write; inside a node the octets travel back over the control channel.
     */
    protected java.io.OutputStream openOutput(java.nio.file.Path file) throws java.io.IOException {
        if (dataSink == null) {
            return java.nio.file.Files.newOutputStream(file);
        }
        java.io.OutputStream sink = dataSink;
        return new java.io.FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                sink.write(b, off, len);
            }

            @Override
            public void close() throws java.io.IOException {
                flush(); // the channel stays open for the exit code
            }
        };
    }

    /** The file this command writes, which the CLI opens before the node runs it; null for most commands. */
    protected java.nio.file.Path outputFile() {
        return null;
    }

    /** Does the work against a node's services; returns the exit code. */
    protected abstract int run(NodeServices node, PrintWriter out, PrintWriter err) throws Exception;

    /** The exit code from the running node, or null when none runs for this home. */
    private Integer runInNode(NodeHome nodeHome, List<String> argv, PrintWriter out, PrintWriter err) throws java.io.IOException {
        java.nio.file.Path file = outputFile();
        if (file == null) {
            return ControlClient.tryRun(nodeHome, argv, out, err, null);
        }
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw new java.io.IOException("cannot write " + file + ": the directory " + dir + " does not exist");
        }
        java.io.OutputStream data = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 16);
        Integer code;
        try (data) {
            code = ControlClient.tryRun(nodeHome, argv, out, err, data);
        }
        if (code == null) {
            java.nio.file.Files.deleteIfExists(file); // no node: this process writes it itself
        }
        return code;
    }

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (services != null) {
            return run(services, out, err);
        }
        NodeHome nodeHome = home.resolve();
        List<String> argv = spec.root().commandLine().getParseResult().originalArgs();
        Integer remote = runInNode(nodeHome, argvForNode(argv), out, err);
        if (remote != null) {
            return remote;
        }
        NodeConfig config;
        try {
            config = nodeHome.loadConfig();
        } catch (ConfigException e) {
            err.println("newsnode: " + e.getMessage());
            return 3;
        }
        Storage opened;
        try {
            opened = nodeHome.openStorage(config);
        } catch (org.newsnode.storage.store.StoreInUseException e) {
            err.println("newsnode: " + nodeHome.inUse(e) + " that does not answer on its control channel");
            return 3;
        } catch (java.sql.SQLException e) {
            err.println("newsnode: cannot open the database in " + nodeHome.dataDir(config) + ": " + e.getMessage()
                    + " (is a node running for this home without answering on its control channel?)");
            return 1;
        }
        try (Storage storage = opened) {
            return run(NodeServices.of(storage, config, nodeHome), out, err);
        }
    }
}
