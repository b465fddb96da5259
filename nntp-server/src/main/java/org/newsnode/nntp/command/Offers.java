package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/** What CHECK and IHAVE both do with an offered Message-ID. */
final class Offers {
    private Offers() {
    }

    /**
     * True when history knows the ID (counted as a duplicate). Either way the offering peer
     * has the article, which is remembered so it is never offered back to it (seen-by).
     */
    static boolean alreadyHave(NntpSession s, String id) {
        var storage = s.context().storage();
        boolean known = storage.known(id);
        if (s.peers().size() == 1) {
            storage.offeredBy(id, s.peers().get(0).name(), known);
        }
        if (known) {
            s.counters().duplicates++;
        }
        return known;
    }
}
