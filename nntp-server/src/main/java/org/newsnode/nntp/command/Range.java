package org.newsnode.nntp.command;

/** An article range argument (RFC 3977 §3.2.1.1: "n", "n-" or "n-m"). */
record Range(long low, long high) {
    /** RFC 3977 §3.2.1.1: article numbers have at most 16 digits. */
    private static final int MAX_DIGITS = 16;

    /** Parses a range; "n-" runs to {@code groupHigh}. Returns null when malformed. */
    static Range parse(String s, long groupHigh) {
        int dash = s.indexOf('-');
        if (dash < 0) {
            long n = number(s);
            return n < 0 ? null : new Range(n, n);
        }
        long lo = number(s.substring(0, dash));
        if (lo < 0) {
            return null;
        }
        String rest = s.substring(dash + 1);
        if (rest.isEmpty()) {
            return new Range(lo, Math.max(groupHigh, lo - 1));
        }
        long hi = number(rest);
        return hi < 0 ? null : new Range(lo, hi);
    }

    /** True when the text is a well-formed range, whatever group it is for (syntax is checked first, §3.2.1). */
    static boolean isValid(String s) {
        return parse(s, Long.MAX_VALUE) != null;
    }

    /** A non-negative article number, or -1 when the text is not one. */
    static long number(String s) {
        if (s.isEmpty() || s.length() > MAX_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    boolean isEmpty() {
        return high < low;
    }
}
