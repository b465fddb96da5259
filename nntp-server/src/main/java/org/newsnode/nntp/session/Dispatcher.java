package org.newsnode.nntp.session;

import org.newsnode.nntp.codec.CommandLine;

/** Runs one command line for a session (the command registry's side; the session only hands lines over). */
@FunctionalInterface
public interface Dispatcher {
    void dispatch(NntpSession session, CommandLine line);
}
