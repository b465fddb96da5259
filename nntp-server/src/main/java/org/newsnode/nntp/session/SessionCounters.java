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

    @Override
    public String toString() {
        String s = "commands=" + commands + " articles=" + articlesServed + " groups=" + groupsSelected
                + " posted=" + posted + " rejected=" + postsRejected;
        if (offered + accepted + refused + duplicates + deferred > 0) {
            s += " offered=" + offered + " accepted=" + accepted + " refused=" + refused + " duplicates=" + duplicates
                    + " deferred=" + deferred;
        }
        return s;
    }
}
