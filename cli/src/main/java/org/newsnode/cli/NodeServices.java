package org.newsnode.cli;

import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;

/** What admin commands work on: a running node's live store, or the store opened by the CLI. */
public interface NodeServices {
    Storage storage();

    NodeConfig config();

    /** The node home (its config, its keys). */
    NodeHome home();

    /** What the acceptance checks of a peer feed need (an import goes through them too). */
    org.newsnode.nntp.context.ServerContext serverContext();

    /** The running node's outgoing links, or null when the CLI works on the files alone. */
    default org.newsnode.feeder.Feeder feeder() {
        return null;
    }

    /**
     * Makes a running node take what its configuration file now says about peers and users;
     * returns a one-line summary, or null without a running node.
     */
    default String reloadConfig() throws org.newsnode.storage.config.ConfigException {
        return null;
    }

    /** Services over a store the CLI opened itself. */
    static NodeServices of(Storage storage, NodeConfig config, NodeHome home) {
        org.newsnode.nntp.context.ServerContext context = org.newsnode.nntp.context.ServerContext.of(storage, config,
                java.time.Clock.systemUTC(), Version.get(), Runnable::run);
        return new NodeServices() {
            @Override
            public org.newsnode.nntp.context.ServerContext serverContext() {
                return context;
            }

            @Override
            public Storage storage() {
                return storage;
            }

            @Override
            public NodeConfig config() {
                return config;
            }

            @Override
            public NodeHome home() {
                return home;
            }
        };
    }
}
