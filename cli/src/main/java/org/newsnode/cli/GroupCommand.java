package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import org.newsnode.storage.store.Group;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** newsnode group: create, change, list and remove newsgroups. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Create, change, list and remove newsgroups (works while the node runs).",
        subcommands = {GroupCommand.Create.class, GroupCommand.Set.class, GroupCommand.ListGroups.class,
                GroupCommand.Remove.class},
        footer = {"", "Example:", "  newsnode group create local.chat --description \"Local chatter\""})
final class GroupCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a newsgroup.",
            footer = {"", "Example:", "  newsnode group create comp.lang.java --description \"Java\" --home /srv/newsnode"})
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Group name, e.g. local.chat.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
                description = "One-line description shown by LIST NEWSGROUPS.")
        String description;

        @Option(names = "--moderated", description = "Posts need an Approved header (status m).")
        boolean moderated;

        @Option(names = "--no-posting", description = "Readers may not post (status n).")
        boolean noPosting;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            char status = moderated ? Group.MODERATED : noPosting ? Group.NO_POSTING : Group.POSTING;
            try {
                Group g = node.storage().createGroup(name, description, status, "newsnode-cli").join();
                out.println("created " + g.name() + " (" + g.status() + ")");
                return 0;
            } catch (CompletionException e) {
                err.println("newsnode group create: " + e.getCause().getMessage());
                return 1;
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change a newsgroup's status or description; its articles and numbers stay.",
                    "LIST ACTIVE, LIST NEWSGROUPS and the posting rules follow at once."},
            footer = {"", "Examples:", "  newsnode group set local.announce --moderated",
                    "  newsnode group set local.chat --posting --description \"Local chatter\""})
    static final class Set extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Group to change.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "New one-line description.")
        String description;

        /** At most one status: picocli refuses two (exit 2). */
        @picocli.CommandLine.ArgGroup(exclusive = true)
        StatusChoice status;

        static final class StatusChoice {
            @Option(names = "--moderated", description = "Posts need an Approved header (status m).")
            boolean moderated;

            @Option(names = "--no-posting", description = "Readers may not post (status n).")
            boolean noPosting;

            @Option(names = "--posting", description = "Readers may post (status y).")
            boolean posting;

            char code() {
                return moderated ? Group.MODERATED : noPosting ? Group.NO_POSTING : Group.POSTING;
            }
        }

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            if (status == null && description == null) {
                err.println("newsnode group set: nothing to change (give --moderated, --no-posting, --posting or --description)");
                return 2;
            }
            try {
                Group g = node.storage().changeGroup(name, description, status == null ? 0 : status.code()).join();
                out.println("changed " + g.name() + " (" + g.status() + ")" + (description == null ? "" : ": " + g.description()));
                return 0;
            } catch (CompletionException e) {
                err.println("newsnode group set: " + e.getCause().getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List newsgroups with their counts.",
            footer = {"", "Example:", "  newsnode group list --home /srv/newsnode"})
    static final class ListGroups extends AdminCommand {
        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            Table t = new Table("GROUP", "STATUS", "COUNT", "LOW", "HIGH", "DESCRIPTION");
            for (Group g : node.storage().groups()) {
                t.row(g.name(), g.status(), g.count(), g.low(), g.high(), g.description());
            }
            t.print(out);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a newsgroup and its article numbers (articles in no other group are deleted).",
            footer = {"", "Example:", "  newsnode group remove local.old --home /srv/newsnode"})
    static final class Remove extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Group to remove.")
        String name;

        @Override
        protected int run(NodeServices node, PrintWriter out, PrintWriter err) {
            try {
                Group g = node.storage().removeGroup(name).join();
                out.println("removed " + g.name() + " (" + g.count() + " articles)");
                return 0;
            } catch (CompletionException e) {
                err.println("newsnode group remove: " + e.getCause().getMessage());
                return 1;
            }
        }
    }
}
