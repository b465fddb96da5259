package org.newsnode.nntp.command;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The table of commands by name, each with the requirements checked before it runs. */
public final class CommandRegistry {
    public record Entry(String name, Command command, List<Requirement> requirements) {
    }

    /** Command names are case-insensitive (RFC 3977 §3.1); no upper-casing per lookup. */
    private final Map<String, Entry> entries = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public CommandRegistry register(String name, Command command, Requirement... requirements) {
        String key = name.toUpperCase(Locale.ROOT);
        if (entries.containsKey(key)) {
            throw new IllegalArgumentException("command " + key + " registered twice");
        }
        entries.put(key, new Entry(key, command, List.of(requirements)));
        return this;
    }

    public Entry find(String name) {
        return entries.get(name);
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /**
     * The command set: RFC 3977 reader commands, the common X-commands of RFC 2980, and the
     * transit commands IHAVE, CHECK and TAKETHIS (RFC 4644) for configured peers, and
     * AUTHINFO USER/PASS (RFC 4643).
     */
    public static CommandRegistry readerCommands() {
        CommandRegistry r = new CommandRegistry();
        r.register("ARTICLE", new ArticleCommand())
                .register("AUTHINFO", new AuthinfoCommand())
                .register("BODY", new BodyCommand())
                .register("CAPABILITIES", new CapabilitiesCommand(r))
                .register("CHECK", new CheckCommand(), Requirement.PEER)
                .register("COMPRESS", new CompressCommand())
                .register("DATE", new DateCommand())
                .register("GROUP", new GroupCommand())
                .register("HDR", new HdrCommand(false))
                .register("HEAD", new HeadCommand())
                .register("HELP", new HelpCommand(r))
                .register("IHAVE", new IhaveCommand(), Requirement.PEER)
                .register("LAST", new LastCommand())
                .register("LIST", new ListCommand())
                .register("LISTGROUP", new ListGroupCommand())
                .register("MODE", new ModeCommand())
                .register("NEWGROUPS", new NewGroupsCommand())
                .register("NEWNEWS", new NewNewsCommand())
                .register("NEXT", new NextCommand())
                .register("OVER", new OverCommand(false))
                .register("POST", new PostCommand(), Requirement.POSTING_ALLOWED)
                .register("QUIT", new QuitCommand())
                .register("STARTTLS", new StartTlsCommand())
                .register("STAT", new StatCommand())
                .register("TAKETHIS", new TakethisCommand(), Requirement.PEER)
                .register("XHDR", new HdrCommand(true))
                .register("XOVER", new OverCommand(true))
                .register("XPAT", new XPatCommand());
        return r;
    }
}
