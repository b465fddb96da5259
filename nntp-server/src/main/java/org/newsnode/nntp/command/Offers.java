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
        boolean known = storage.history().known(id);
        if (s.identity().peers().size() == 1) {
            storage.history().offeredBy(id, s.identity().peers().get(0).name(), known);
        }
        if (known) {
            s.counters().duplicates++;
        }
        return known;
    }

    /** Counts what became of a relayed article in the session's counters (where its reply is made); null: a storage fault. */
    static void count(NntpSession s, org.newsnode.storage.intake.Intake.Verdict v) {
        if (v == null) {
            s.counters().refused++;
            return;
        }
        switch (v.kind()) {
            case ACCEPTED -> s.counters().accepted++;
            case DUPLICATE -> s.counters().duplicates++;
            case REFUSED -> s.counters().refused++;
        }
    }
}
