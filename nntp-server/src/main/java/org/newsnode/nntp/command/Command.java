package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;

/**
 * One NNTP command. The dispatcher has already checked the argument count against
 * {@link #minArgs()}/{@link #maxArgs()} and the registered requirements.
 */
public interface Command {
    /** Usage as shown by HELP and in "501 Syntax is: ...", e.g. "GROUP newsgroup". */
    String syntax();

    int minArgs();

    int maxArgs();

    void execute(NntpSession session, List<String> args);

    /**
     * True when the last argument is the rest of the line, spaces included (a password,
     * RFC 4643 §2.3.2); the line is then split into at most {@link #maxArgs()} arguments.
     */
    default boolean lastArgumentIsRest() {
        return false;
    }
}
