package org.newsnode.storage.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A wildmat (RFC 3977 §4): comma-separated patterns, each optionally negated with "!";
 * the last pattern that matches decides. Patterns use "*" and "?"; "[...]" character
 * classes and "\" escapes are accepted as INN's uwildmat does.
 */
public final class Wildmat {
    private final List<String> patterns;
    private final boolean[] negated;

    private Wildmat(List<String> patterns, boolean[] negated) {
        this.patterns = patterns;
        this.negated = negated;
    }

    /**
     * Parses a wildmat; throws IllegalArgumentException with a readable reason on an empty
     * pattern, a "[" class that is never closed, or white space and control characters
     * (RFC 3977 §4.1 allows neither).
     */
    public static Wildmat parse(String wildmat) {
        List<String> pats = new ArrayList<>();
        List<Boolean> neg = new ArrayList<>();
        for (String part : splitOnCommas(wildmat)) {
            boolean n = part.startsWith("!");
            String p = n ? part.substring(1) : part;
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty pattern in wildmat \"" + wildmat + "\"");
            }
            checkPattern(p, wildmat);
            pats.add(p);
            neg.add(n);
        }
        boolean[] negs = new boolean[neg.size()];
        for (int i = 0; i < negs.length; i++) {
            negs[i] = neg.get(i);
        }
        return new Wildmat(pats, negs);
    }

    private static void checkPattern(String p, String wildmat) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c == 127) {
                throw new IllegalArgumentException("white space or a control character in wildmat \"" + wildmat + "\"");
            }
            if (c == '\\') {
                i++;
            } else if (c == '[' && p.indexOf(']', i + 2) < 0) {
                throw new IllegalArgumentException("unclosed \"[\" in wildmat \"" + wildmat + "\"");
            }
        }
    }

    /** True when the wildmat syntax is acceptable (RFC 3977 §4.1). */
    public static boolean isValid(String wildmat) {
        try {
            parse(wildmat);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> splitOnCommas(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            }
            if (c == ',' && !inClass) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    public boolean matches(String text) {
        for (int i = patterns.size() - 1; i >= 0; i--) {
            if (match(patterns.get(i), 0, text, 0)) {
                return !negated[i];
            }
        }
        return false;
    }

    /** Matches one pattern (no commas, no leading "!") against text. */
    public static boolean matchPattern(String pattern, String text) {
        return match(pattern, 0, text, 0);
    }

    private static boolean match(String p, int pi, String t, int ti) {
        int starP = -1;
        int starT = -1;
        while (ti < t.length()) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    starP = pi++;
                    starT = ti;
                    continue;
                }
                int next = single(p, pi, t.charAt(ti));
                if (next > 0) {
                    pi = next;
                    ti++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP + 1;
            ti = ++starT;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** Matches one pattern element at pi against ch; returns the index after it, or -1. */
    private static int single(String p, int pi, char ch) {
        char c = p.charAt(pi);
        if (c == '?') {
            return pi + 1;
        }
        if (c == '\\' && pi + 1 < p.length()) {
            return p.charAt(pi + 1) == ch ? pi + 2 : -1;
        }
        if (c == '[') {
            int close = p.indexOf(']', pi + 2);
            if (close < 0) {
                return c == ch ? pi + 1 : -1;
            }
            int i = pi + 1;
            boolean invert = p.charAt(i) == '^';
            if (invert) {
                i++;
            }
            boolean found = false;
            for (int start = i; i < close; i++) {
                char lo = p.charAt(i);
                if (i + 2 < close && p.charAt(i + 1) == '-') {
                    found |= ch >= lo && ch <= p.charAt(i + 2);
                    i += 2;
                } else {
                    found |= lo == ch || (i == start && lo == ']' && ch == ']');
                }
            }
            return found != invert ? close + 1 : -1;
        }
        return c == ch ? pi + 1 : -1;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(negated[i] ? "!" : "").append(patterns.get(i));
        }
        return b.toString();
    }

    /** Equal when the patterns and their negations are the same (a reload compares peer entries). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Wildmat w && w.patterns.equals(patterns) && java.util.Arrays.equals(w.negated, negated);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode() * 31 + java.util.Arrays.hashCode(negated);
    }
}
