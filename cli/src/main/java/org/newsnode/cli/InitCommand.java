package org.newsnode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** newsnode init: create a node home. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a node home: configuration file, database, groups local.general and local.test.",
        footer = {"", "Example:", "  newsnode init /srv/newsnode --path-identity news.example.org --listen 0.0.0.0:119"})
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory for the new node home.")
    Path dir;

    @Option(names = "--path-identity", paramLabel = "NAME",
            description = "Name this node puts in Path and Xref (default: the host name).")
    String pathIdentity;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = NodeHome.DEFAULT_LISTEN,
            description = "NNTP listen address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--tls", description = "Also make a self-signed certificate (as `newsnode tls self-signed`): "
            + "STARTTLS for readers and peers, AUTHINFO only under TLS.")
    boolean tls;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NodeHome home = new NodeHome(dir.toAbsolutePath());
        String id = pathIdentity != null ? pathIdentity : NodeHome.defaultPathIdentity();
        try {
            home.init(id, listen);
            if (tls) {
                String fp = TlsCommand.create(home, java.util.List.of(), 825);
                spec.commandLine().getOut().println("TLS certificate " + home.dir().resolve(TlsCommand.P12) + ", fingerprint " + fp);
            }
        } catch (Exception e) {
            spec.commandLine().getErr().println("newsnode init: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("created node home " + home.dir() + " (path identity " + id
                + ", listening on " + listen + "); start it with: newsnode serve --home " + home.dir());
        return 0;
    }
}
