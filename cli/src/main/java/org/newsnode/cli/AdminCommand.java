package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.newsnode.cli.control.ControlClient;
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

    /** Does the work against a node's services; returns the exit code. */
    protected abstract int run(NodeServices node, PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (services != null) {
            return run(services, out, err);
        }
        NodeHome nodeHome = home.resolve();
        List<String> argv = spec.root().commandLine().getParseResult().originalArgs();
        ControlClient.Result remote = ControlClient.tryRun(nodeHome, argvForNode(argv));
        if (remote != null) {
            (remote.exitCode() == 0 ? out : err).print(remote.output());
            out.flush();
            err.flush();
            return remote.exitCode();
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
        } catch (java.sql.SQLException e) {
            err.println("newsnode: cannot open the database in " + nodeHome.dataDir(config) + ": " + e.getMessage()
                    + " (is a node running for this home without answering on its control channel?)");
            return 1;
        }
        try (Storage storage = opened) {
            return run(NodeServices.of(storage, config), out, err);
        }
    }
}
