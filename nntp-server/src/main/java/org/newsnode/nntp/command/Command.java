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
}
