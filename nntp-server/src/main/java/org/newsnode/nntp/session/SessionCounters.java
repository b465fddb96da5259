package org.newsnode.nntp.session;

/** Per-session counts for the one log line written when a session ends. */
public final class SessionCounters {
    public long commands;
    public long articlesServed;
    public long posted;
    public long postsRejected;
    public long groupsSelected;
    /** Transit: offers (CHECK/IHAVE), articles accepted, refused, duplicates, deferred (431/436). */
    public long offered;
    public long accepted;
    public long refused;
    public long duplicates;
    public long deferred;
    /** Commands or articles that hit an internal error (answered 403): a bug, never the client's fault. */
    public long faults;

    @Override
    public String toString() {
        String s = "commands=" + commands + " articles=" + articlesServed + " groups=" + groupsSelected
                + " posted=" + posted + " rejected=" + postsRejected;
        if (offered + accepted + refused + duplicates + deferred > 0) {
            s += " offered=" + offered + " accepted=" + accepted + " refused=" + refused + " duplicates=" + duplicates
                    + " deferred=" + deferred;
        }
        if (faults > 0) {
            s += " faults=" + faults;
        }
        return s;
    }
}
