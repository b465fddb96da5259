package org.newsnode.cli;

import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Storage;

/** What admin commands work on: a running node's live store, or the store opened by the CLI. */
public interface NodeServices {
    Storage storage();

    NodeConfig config();
}
