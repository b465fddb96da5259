package org.newsnode.nntp.command;

import org.newsnode.nntp.session.NntpSession;

/**
 * A scan over article numbers in pages, one page per step of the session's scan (see
 * NntpSession#scanMore): each page is one short query, so no cursor or thread waits while the
 * client reads, and a long OVER takes turns with other sessions' scans.
 */
final class ScanPages {
    /** Rows one step reads: a few hundred KB of overview at most. */
    static final int PAGE = 1_000;

    /** Reads at most {@code limit} rows numbered from..to; returns the last number read, or -1 when none. */
    @FunctionalInterface
    interface Reader {
        long read(long from, long to, int limit);
    }

    private ScanPages() {
    }

    /** Reads from..to page by page, then runs {@code end} (in the last step). */
    static void walk(NntpSession s, long from, long to, int page, Reader reader, Runnable end) {
        long last = from > to ? -1 : reader.read(from, to, page);
        if (last < 0 || last >= to) {
            end.run();
        } else {
            s.scanMore(() -> walk(s, last + 1, to, page, reader, end));
        }
    }
}
