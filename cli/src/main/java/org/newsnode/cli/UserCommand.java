package org.newsnode.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.PasswordHash;
import org.newsnode.storage.config.UserConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * newsnode user: accounts for AUTHINFO (the [[user]] tables of newsnode.toml). The password
 * is read and hashed here, in the CLI process; only the hash is written, and a running node
 * is told to reload.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Add, remove and list the accounts readers and peers log in with (AUTHINFO USER/PASS).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class},
        footer = {"", "Example:", "  newsnode user add alice            (prompts for the password twice)"})
final class UserCommand {
    private UserCommand() {
    }

    /** The shared part: the home, the output streams, and telling a running node to reload. */
    abstract static class Edit implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract String change(NodeHome h, PrintWriter out) throws IOException, ConfigException;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            NodeHome h = home.resolve();
            String what;
            try {
                what = change(h, out);
            } catch (ConfigException e) {
                err.println("newsnode user: " + e.getMessage());
                return 3;
            } catch (IOException | IllegalArgumentException e) {
                err.println("newsnode user: " + e.getMessage());
                return 1;
            }
            if (what == null) {
                return 1;
            }
            try {
                ControlClient.Result r = ControlClient.tryRun(h, List.of("reload", "--home", h.dir().toString()));
                out.println(what + (r == null ? "" : r.exitCode() == 0 ? "; the running node took it" : "; " + r.output().strip()));
            } catch (IOException e) {
                out.println(what + "; the running node did not answer (" + e.getMessage() + "): run newsnode reload");
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an account: prompts for the password twice (or reads one line with --password-stdin) "
                    + "and stores only its PBKDF2 hash.",
            footer = {"", "Examples:", "  newsnode user add alice --home /srv/newsnode",
                    "  printf '%s\\n' \"$PW\" | newsnode user add feed-b --password-stdin"})
    static final class Add extends Edit {
        @Parameters(index = "0", paramLabel = "NAME", description = "Login name (letters, digits, '.', '_', '@', '-').")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean fromStdin;

        @Override
        String change(NodeHome h, PrintWriter out) throws IOException, ConfigException {
            char[] password = readPassword();
            if (password == null) {
                return null;
            }
            try {
                String hash = PasswordHash.create(password);
                TableFile.add(h.configFile(), "user", name, List.of("password = " + TableFile.quote(hash)));
            } finally {
                Arrays.fill(password, '\0');
            }
            return "added user " + name;
        }

        private char[] readPassword() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (fromStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    err.println("newsnode user add: no password on standard input");
                    return null;
                }
                return line.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                err.println("newsnode user add: no terminal to prompt on; use --password-stdin");
                return null;
            }
            char[] first = console.readPassword("Password for %s: ", name);
            char[] again = console.readPassword("Again: ");
            if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
                err.println("newsnode user add: " + (first == null || first.length == 0 ? "empty password" : "the two passwords differ"));
                return null;
            }
            Arrays.fill(again, '\0');
            return first;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.",
            footer = {"", "Example:", "  newsnode user remove alice --home /srv/newsnode"})
    static final class Remove extends Edit {
        @Parameters(index = "0", paramLabel = "NAME", description = "The account to remove.")
        String name;

        @Override
        String change(NodeHome h, PrintWriter out) throws IOException, ConfigException {
            if (!TableFile.remove(h.configFile(), "user", name)) {
                spec.commandLine().getErr().println("newsnode user remove: no user named " + name);
                return null;
            }
            return "removed user " + name;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts and the peers they identify.",
            footer = {"", "Example:", "  newsnode user list --home /srv/newsnode"})
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var config = home.resolve().loadConfigOrNull(spec.commandLine().getErr());
            if (config == null) {
                return 3;
            }
            PrintWriter out = spec.commandLine().getOut();
            Table t = new Table("USER", "PEER");
            for (UserConfig u : config.users()) {
                String peer = config.peers().stream().filter(p -> u.name().equals(p.user())).map(p -> p.name())
                        .findFirst().orElse("-");
                t.row(u.name(), peer);
            }
            t.print(out);
            return 0;
        }
    }
}
