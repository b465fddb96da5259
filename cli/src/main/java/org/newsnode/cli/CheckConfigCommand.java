package org.newsnode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** newsnode check-config: validate newsnode.toml as the node would at start. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Check a configuration file as the node does at start: unknown keys, wrong types, bad "
                + "wildmats, ports out of range, duplicate peers or users, each reported with its key and line.",
                "Exit codes: 0 valid, 3 invalid."},
        footer = {"", "Examples:", "  newsnode check-config --home /srv/newsnode", "  newsnode check-config ./newsnode.toml"})
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The file to check (default: the home's newsnode.toml).")
    Path file;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path f = file != null ? file : home.resolve().configFile();
        try {
            NodeConfig c = NodeConfig.load(f);
            // TLS files are named relative to the home: the directory of the checked file
            NodeTls.check(c, file != null ? f.toAbsolutePath().getParent() : home.resolve().dir());
            spec.commandLine().getOut().printf("%s: valid (path identity %s, %d listen addresses, %d peers, %d users, "
                    + "%d expiry rules%s)%n", f, c.pathIdentity(), c.listen().size(), c.peers().size(), c.users().size(),
                    c.expiry().rules().size(), c.tls().enabled() ? ", TLS" : "");
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("newsnode check-config: " + e.getMessage());
            return 3;
        }
    }
}
