package org.newsnode.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.intake.ControlKey;
import org.newsnode.storage.intake.Intake;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.StoredArticle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * newsnode control: the operator's control messages (RFC 5537 §5), signed with the node's
 * operator key as signcontrol signs them, posted through the node; every node that trusts
 * the key (a verify- rule) follows. `group create/set/remove` change this node alone.
 */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = "Signed control messages that change groups network-wide, and the operator's cancel.",
        subcommands = {ControlCommand.Key.class, ControlCommand.Newgroup.class, ControlCommand.Rmgroup.class,
                ControlCommand.Checkgroups.class, ControlCommand.Cancel.class},
        footer = {"", "Examples:", "  newsnode control key --init --user-id \"local.admin <usenet@news.example.org>\"",
                "  newsnode control newgroup local.talk --description \"Talk about it\"",
                "  newsnode control rmgroup local.old"})
final class ControlCommand {
    /** The operator key's file in the node home (owner-only). */
    static final String KEY_FILE = "control.key";

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = {"Show the operator key's public half (for other nodes' control.keyring), or make it with --init."},
            footer = {"", "Example:", "  newsnode control key --init --user-id \"local.admin <usenet@news.example.org>\" > local.admin.asc"})
    static final class Key implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Option(names = "--init", description = "Make the key (RSA 3072); refused when one exists, unless --force.")
        boolean init;

        @Option(names = "--user-id", paramLabel = "UID",
                description = "The key's user ID; other nodes name it in verify-SIGNER (default: <path-identity>.admin).")
        String userId;

        @Option(names = "--force", description = "With --init: replace an existing key.")
        boolean force;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            NodeHome h = home.resolve();
            Path file = h.dir().resolve(KEY_FILE);
            if (init) {
                if (Files.exists(file) && !force) {
                    err.println("newsnode control key: " + file + " exists (--force replaces it; nodes that trust it must be told)");
                    return 1;
                }
                String uid = userId;
                if (uid == null) {
                    uid = (h.initialized() ? h.loadConfig().pathIdentity() : NodeHome.defaultPathIdentity()) + ".admin";
                }
                Files.createDirectories(h.dir());
                ControlKey.generate(uid).save(file);
                err.println("made " + file + " for \"" + uid + "\"; give other nodes the public key below");
            } else if (!Files.exists(file)) {
                err.println("newsnode control key: no key in " + file + " (make one with --init)");
                return 1;
            }
            ControlKey key = ControlKey.load(file);
            err.println("user ID " + key.userId() + ", fingerprint " + key.fingerprint());
            out.print(key.publicArmored());
            return 0;
        }
    }

    /** Builds, signs and posts a control message through the node; prints what the node did. */
    abstract static class Signed extends AdminCommand {
        @Option(names = "--from", paramLabel = "ADDRESS", description = "Sender (default: mail.operator, usenet@<path-identity>).")
        String from;

        abstract String control();

        abstract String newsgroups(org.newsnode.cli.NodeServices node);

        abstract String body(org.newsnode.cli.NodeServices node);

        /** What the node did, said after its control desk has acted. */
        abstract String outcome(org.newsnode.cli.NodeServices node);

        /** Header fields beyond the usual ones (a cancel's Cancel-Key). */
        String extraHeaders(org.newsnode.cli.NodeServices node) {
            return "";
        }

        @Override
        protected int run(org.newsnode.cli.NodeServices node, PrintWriter out, PrintWriter err) throws Exception {
            Path keyFile = node.home().dir().resolve(KEY_FILE);
            if (!Files.exists(keyFile)) {
                err.println("newsnode control: no operator key in " + keyFile + " (make one with `newsnode control key --init`)");
                return 1;
            }
            String me = node.config().pathIdentity();
            String id = "<" + control().split(" ")[0] + "." + System.currentTimeMillis() + "." + Long.toHexString(System.nanoTime())
                    + "@" + me + ">";
            String sender = from != null ? from : node.config().moderation().mail().operator();
            // Approved as signcontrol adds it: RFC 5537 §5.2 group control messages need it, and innd takes one for a group it lacks only with it
            byte[] article = ("From: " + sender + "\r\nApproved: " + sender + "\r\nNewsgroups: " + newsgroups(node) + "\r\nSubject: cmsg " + control()
                    + "\r\nControl: " + control() + "\r\nMessage-ID: " + id + "\r\nDate: "
                    + NetnewsDates.format(java.time.Instant.now()) + "\r\n" + extraHeaders(node) + "\r\n" + body(node))
                    .getBytes(StandardCharsets.UTF_8);
            return post(node, ControlKey.load(keyFile).signed(article), id, out, err);
        }

        int post(org.newsnode.cli.NodeServices node, byte[] article, String id, PrintWriter out, PrintWriter err) {
            var ctx = node.serverContext();
            var operator = new Intake.Poster("control channel", "localhost", g -> true, g -> true);
            Intake.Verdict v = ctx.intake().post(operator, article, article.length, id).join();
            if (!v.accepted()) {
                err.println("newsnode control: refused: " + v.reason());
                return 1;
            }
            ctx.control().settled().join();
            out.println("posted " + v.messageId() + "; here: " + outcome(node));
            return 0;
        }
    }

    @Command(name = "newgroup", mixinStandardHelpOptions = true,
            description = "Create (or change) a group on every node that trusts the operator key.",
            footer = {"", "Example:", "  newsnode control newgroup local.talk --moderated --description \"Talk (Moderated)\""})
    static final class Newgroup extends Signed {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--moderated", description = "A moderated group (its posts go to the moderator).")
        boolean moderated;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "", description = "For LIST NEWSGROUPS.")
        String description;

        @Override
        String control() {
            return "newgroup " + name + (moderated ? " moderated" : "");
        }

        @Override
        String newsgroups(org.newsnode.cli.NodeServices node) {
            return name;
        }

        @Override
        String body(org.newsnode.cli.NodeServices node) {
            // RFC 5537 §5.2.1.2: the newsgroups line after this marker is what INN and others file
            return name + " is a" + (moderated ? " moderated" : "n unmoderated") + " newsgroup.\r\n\r\nFor your newsgroups file:\r\n"
                    + name + "\t" + (description.isEmpty() ? name : description) + "\r\n";
        }

        @Override
        String outcome(org.newsnode.cli.NodeServices node) {
            Group g = node.storage().group(name);
            return g == null ? name + " was not created (see the node's log: its control rules decide here too)"
                    : name + " exists (" + g.status() + ")";
        }
    }

    @Command(name = "rmgroup", mixinStandardHelpOptions = true,
            description = "Remove a group on every node that trusts the operator key.",
            footer = {"", "Example:", "  newsnode control rmgroup local.old"})
    static final class Rmgroup extends Signed {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        String control() {
            return "rmgroup " + name;
        }

        @Override
        String newsgroups(org.newsnode.cli.NodeServices node) {
            return name;
        }

        @Override
        String body(org.newsnode.cli.NodeServices node) {
            return name + " is removed.\r\n";
        }

        @Override
        String outcome(org.newsnode.cli.NodeServices node) {
            return node.storage().group(name) == null ? name + " is gone" : name + " is still here (see the node's log)";
        }
    }

    @Command(name = "checkgroups", mixinStandardHelpOptions = true,
            description = "Send the groups of a hierarchy as this node has them, so others can compare and follow.",
            footer = {"", "Example:", "  newsnode control checkgroups local"})
    static final class Checkgroups extends Signed {
        @Parameters(index = "0", paramLabel = "HIERARCHY", description = "First name component, e.g. local.")
        String hierarchy;

        private List<Group> groups(org.newsnode.cli.NodeServices node) {
            List<Group> out = new ArrayList<>();
            for (Group g : node.storage().groups()) {
                if (g.name().startsWith(hierarchy + ".")) {
                    out.add(g);
                }
            }
            return out;
        }

        @Override
        String control() {
            return "checkgroups";
        }

        @Override
        String newsgroups(org.newsnode.cli.NodeServices node) {
            return hierarchy + ".config";
        }

        @Override
        String body(org.newsnode.cli.NodeServices node) {
            StringBuilder b = new StringBuilder();
            for (Group g : groups(node)) {
                String d = g.description().isEmpty() ? g.name() : g.description();
                if (g.status() == Group.MODERATED && !d.endsWith("(Moderated)")) {
                    d += " (Moderated)";
                }
                b.append(g.name()).append('\t').append(d).append("\r\n");
            }
            return b.toString();
        }

        @Override
        protected int run(org.newsnode.cli.NodeServices node, PrintWriter out, PrintWriter err) throws Exception {
            if (groups(node).isEmpty()) {
                err.println("newsnode control checkgroups: no groups under " + hierarchy + ".* here");
                return 1;
            }
            return super.run(node, out, err);
        }

        @Override
        String outcome(org.newsnode.cli.NodeServices node) {
            return groups(node).size() + " groups under " + hierarchy + ".*";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel an article posted through this node, with the node's Cancel-Key (RFC 8315):",
                    "every node that holds it and checks Cancel-Lock removes it."},
            footer = {"", "Example:", "  newsnode control cancel '<abc@news.example.org>'"})
    static final class Cancel extends Signed {
        @Parameters(index = "0", paramLabel = "MESSAGE-ID")
        String target;

        @Override
        String control() {
            return "cancel " + target;
        }

        @Override
        String newsgroups(org.newsnode.cli.NodeServices node) {
            List<String> groups = node.storage().reader().groupsOf(target);
            return groups.isEmpty() ? "control.cancel" : String.join(",", groups);
        }

        @Override
        String body(org.newsnode.cli.NodeServices node) {
            return "Cancelled by the operator of " + node.config().pathIdentity() + ".\r\n";
        }

        @Override
        String extraHeaders(org.newsnode.cli.NodeServices node) {
            return "Cancel-Key: " + CancelLock.key(node.storage().cancelSecret(), null, target) + "\r\n";
        }

        @Override
        protected int run(org.newsnode.cli.NodeServices node, PrintWriter out, PrintWriter err) throws Exception {
            StoredArticle t = node.storage().reader().byMessageId(target);
            if (t == null) {
                err.println("newsnode control cancel: " + target + " is not here");
                return 1;
            }
            return super.run(node, out, err);
        }

        @Override
        String outcome(org.newsnode.cli.NodeServices node) {
            return node.storage().reader().byMessageId(target) == null ? target + " is cancelled"
                    : target + " is still here (its Cancel-Lock is not the node's; see the log)";
        }
    }
}
