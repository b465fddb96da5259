package org.newsnode.nntp.command;

import java.util.ArrayList;
import java.util.List;
import org.newsnode.nntp.codec.CommandLine;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a command line into a command call: 501 for an overlong line (RFC 3977 §3.1), 500
 * for an unknown command, 501 for a wrong argument count, the requirement's answer when one
 * fails, 403 when the store fails. Nothing a client sends escapes as an exception.
 */
public final class CommandDispatcher implements org.newsnode.nntp.session.Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    private final CommandRegistry registry;

    public CommandDispatcher(CommandRegistry registry) {
        this.registry = registry;
    }

    public CommandRegistry registry() {
        return registry;
    }

    @Override
    public void dispatch(NntpSession session, CommandLine line) {
        if (line.tooLong()) {
            session.reply(501, "Line too long");
            return;
        }
        List<String> words = split(line.text(), 2);
        if (words.isEmpty()) {
            session.reply(500, "What?");
            return;
        }
        CommandRegistry.Entry entry = registry.find(words.get(0));
        if (entry == null) {
            session.reply(500, "What?");
            return;
        }
        Command command = entry.command();
        String rest = words.size() > 1 ? words.get(1) : "";
        List<String> args = split(rest, command.lastArgumentIsRest() ? command.maxArgs() : Integer.MAX_VALUE);
        if (args.size() < command.minArgs() || args.size() > command.maxArgs()) {
            session.reply(501, "Syntax is: " + command.syntax());
            return;
        }
        for (Requirement r : entry.requirements()) {
            String refusal = r.check(session);
            if (refusal != null) {
                session.response().line(refusal).send();
                return;
            }
        }
        if (command instanceof Scanning) {
            // a scan's failure may come after part of its listing went out: ScanSteps ends the session then
            session.offload(() -> command.execute(session, args));
        } else {
            run(session, entry, args);
        }
    }

    private static void run(NntpSession session, CommandRegistry.Entry entry, List<String> args) {
        try {
            entry.command().execute(session, args);
        } catch (StoreException e) {
            session.counters().faults++;
            log.error("{} {}: storage failure: {}", session.remoteAddress(), entry.name(), e.getMessage());
            session.reply(403, "Internal fault: storage unavailable");
        } catch (RuntimeException e) {
            session.counters().faults++;
            log.error("{} {}: internal error", session.remoteAddress(), entry.name(), e);
            session.reply(403, "Internal fault");
        }
    }

    /**
     * RFC 3977 §3.1: arguments are separated by one or more spaces or tabs. At most
     * {@code limit} words: the last one is the rest of the line after its leading blanks.
     */
    static List<String> split(String text, int limit) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (out.size() == limit - 1 && i < n) {
                out.add(text.substring(i));
                break;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out;
    }
}
