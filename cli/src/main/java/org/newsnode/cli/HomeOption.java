package org.newsnode.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --home option shared by every command that works on a node home. */
public final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
            description = "Node home (default: $NEWSNODE_HOME, else ~/.newsnode).")
    Path home;

    public NodeHome resolve() {
        return NodeHome.resolve(home);
    }
}
