package org.newsnode.nntp.session;

/** Per-session counts for the one log line written when a session ends. */
public final class SessionCounters {
    public long commands;
    public long articlesServed;
    public long posted;
    public long postsRejected;
    public long groupsSelected;

    @Override
    public String toString() {
        return "commands=" + commands + " articles=" + articlesServed + " groups=" + groupsSelected
                + " posted=" + posted + " rejected=" + postsRejected;
    }
}
