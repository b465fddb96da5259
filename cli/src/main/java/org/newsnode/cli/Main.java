package org.newsnode.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The newsnode command. */
@Command(name = "newsnode", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Usenet-style news server: NNTP for newsreaders, peers flooding articles to each other "
                + "by Message-ID, state in an embedded H2 database and an append-only article log.",
        subcommands = {InitCommand.class, ServeCommand.class, GroupCommand.class, PeerCommand.class, FeedsCommand.class,
                ExpireCommand.class, UserCommand.class, ReloadCommand.class, CheckConfigCommand.class, PostCommand.class, ShowArticleCommand.class, ImportCommand.class, ExportCommand.class, CompletionCommand.class, TlsCommand.class, ControlCommand.class, CancelCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  newsnode serve                      run a node in ~/.newsnode (created on first start)",
                "  newsnode group create local.chat    add a group (also while the node runs)",
                "  newsnode peer add b --host b.example --path-identity b.example",
                "  newsnode feeds                      queues and links of every peer",
                "  newsnode post --group local.test --subject hi --from me@example.org < body.txt",
                "",
                "Exit codes: 0 done, 1 refused by the server or failed, 2 usage, 3 invalid configuration."})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in this process and returns the exit code. */
    public static int run(String... args) {
        return newCommandLine(null).execute(args);
    }

    @picocli.CommandLine.Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "On an unexpected error, print its stack trace too.")
    boolean verbose;

    /** A command line; with services given, admin commands run against that live node. */
    public static CommandLine newCommandLine(NodeServices services) {
        return newCommandLine(services, null);
    }

    /** As above; inside the node, {@code data} carries the octets of a file the CLI writes (export). */
    public static CommandLine newCommandLine(NodeServices services, java.io.OutputStream data) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main, new Factory(services, data));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // one clear line; the stack trace only when asked for (exit 3: configuration, else 1)
            String what = ex instanceof java.nio.file.NoSuchFileException ? "no such file: " + ex.getMessage()
                    : ex instanceof java.nio.file.AccessDeniedException ? "permission denied: " + ex.getMessage()
                    : ex instanceof java.nio.file.FileSystemException f ? f.getFile() + ": " + f.getReason()
                    : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("newsnode " + cmd.getCommandName() + ": " + what);
            if (main.verbose) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return ex instanceof org.newsnode.storage.config.ConfigException ? 3 : 1;
        });
        return cl;
    }

    /** Hands the live node's services to admin commands created inside the node. */
    private record Factory(NodeServices services, java.io.OutputStream data) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K obj = CommandLine.defaultFactory().create(cls);
            if (obj instanceof AdminCommand admin) {
                admin.services = services;
                admin.dataSink = data;
            }
            return obj;
        }
    }
}
