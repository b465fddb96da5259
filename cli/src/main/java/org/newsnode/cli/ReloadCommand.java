package org.newsnode.cli;

import java.io.PrintWriter;
import org.newsnode.storage.config.ConfigException;
import picocli.CommandLine.Command;

/** newsnode reload: a running node re-reads newsnode.toml (peers, users) without a restart. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make the running node re-read newsnode.toml and apply its peers and users without a restart.",
                "Without a running node the file is only checked (it is read at start)."},
        footer = {"", "Example:", "  newsnode reload --home /srv/newsnode"})
final class ReloadCommand extends AdminCommand {
    @Override
    protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
        try {
            String summary = node.reloadConfig();
            out.println(summary == null ? "no node running; the configuration is valid and is read at start"
                    : "reloaded: " + summary);
            return 0;
        } catch (ConfigException e) {
            err.println("newsnode reload: " + e.getMessage());
            return 3;
        }
    }
}
