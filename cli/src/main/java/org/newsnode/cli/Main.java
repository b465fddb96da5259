package org.newsnode.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The newsnode command. */
@Command(name = "newsnode", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Usenet-style news server: NNTP for newsreaders, peers flooding articles to each other "
                + "by Message-ID, state in an embedded H2 database and an append-only article log.",
        subcommands = {InitCommand.class, ServeCommand.class, GroupCommand.class, PeerCommand.class, FeedsCommand.class,
                ExpireCommand.class, UserCommand.class, ReloadCommand.class, CheckConfigCommand.class, PostCommand.class, ShowArticleCommand.class, ImportCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  newsnode serve                      run a node in ~/.newsnode (created on first start)",
                "  newsnode group create local.chat    add a group (also while the node runs)",
                "  newsnode peer add b --host b.example --path-identity b.example",
                "  newsnode feeds                      queues and links of every peer"})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in this process and returns the exit code. */
    public static int run(String... args) {
        return newCommandLine(null).execute(args);
    }

    /** A command line; with services given, admin commands run against that live node. */
    public static CommandLine newCommandLine(NodeServices services) {
        CommandLine cl = new CommandLine(new Main(), new Factory(services));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Hands the live node's services to admin commands created inside the node. */
    private record Factory(NodeServices services) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K obj = CommandLine.defaultFactory().create(cls);
            if (obj instanceof AdminCommand admin) {
                admin.services = services;
            }
            return obj;
        }
    }
}
