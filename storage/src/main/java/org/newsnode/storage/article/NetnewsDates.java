package org.newsnode.storage.article;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Date header parsing (RFC 5322 §3.3 including the obsolete forms of §4.3 that RFC 5536
 * §3.1.2 asks servers to accept) and formatting. A hot-path parser: no Jakarta Mail here.
 */
public final class NetnewsDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    private static final String[] MONTH_NAMES =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    /** Tokens a date-time needs at most: day-of-week, day, month, year, time, zone. */
    private static final int TOKENS = 6;

    private NetnewsDates() {
    }

    /** Formats an instant the way RFC 5322 §3.3 recommends (numeric zone, UTC). */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return FORMAT.format(instant.atZone(ZoneOffset.UTC)); // the formatter's padding and sign rules
        }
        // by hand: every POST formats two dates, and the formatter's generality is most of their cost
        StringBuilder b = new StringBuilder(31);
        b.append(DAY_NAMES[t.getDayOfWeek().ordinal()]).append(", ").append(t.getDayOfMonth()).append(' ')
                .append(MONTH_NAMES[t.getMonthValue() - 1]).append(' ').append(t.getYear()).append(' ');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        twoDigits(b, t.getSecond()).append(" +0000");
        return b.toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * The words of a date-time: separated by blanks and commas, the ends trimmed as
     * String.trim does; at most {@link #TOKENS}, the rest ignored as the parser ignores it.
     */
    private static String[] tokens(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) <= ' ' || s.charAt(start) == ',')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) <= ' ' || s.charAt(end - 1) == ',')) {
            end--;
        }
        String[] out = new String[TOKENS];
        int n = 0;
        int i = start;
        while (i < end && n < TOKENS) {
            int j = i;
            while (j < end && !separator(s.charAt(j))) {
                j++;
            }
            out[n++] = s.substring(i, j);
            while (j < end && separator(s.charAt(j))) {
                j++;
            }
            i = j;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t' || c == ',';
    }

    /** Parses a date-time, or returns null when it is not one. */
    public static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        String s = stripComments(value);
        String[] tok = tokens(s);
        int i = 0;
        if (tok.length > 0 && tok[0].length() >= 3 && Character.isLetter(tok[0].charAt(0))) {
            i++; // day-of-week is optional and not checked (RFC 5322 §3.3)
        }
        if (tok.length - i < 4) {
            return null;
        }
        try {
            int day = Integer.parseInt(tok[i]);
            int month = month(tok[i + 1]);
            int year = Integer.parseInt(tok[i + 2]);
            if (tok[i + 2].length() == 2) {
                year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3 two-digit years
            } else if (tok[i + 2].length() == 3) {
                year += 1900;
            }
            String[] hms = tok[i + 3].split(":");
            if (month < 0 || hms.length < 2 || hms.length > 3) {
                return null;
            }
            int hour = Integer.parseInt(hms[0]);
            int minute = Integer.parseInt(hms[1]);
            int second = hms.length == 3 ? Integer.parseInt(hms[2]) : 0;
            int offsetSeconds = tok.length > i + 4 ? zone(tok[i + 4]) : 0;
            if (offsetSeconds == Integer.MIN_VALUE || second > 60) {
                return null;
            }
            ZonedDateTime t = ZonedDateTime.of(year, month + 1, day, hour, minute, Math.min(second, 59), 0,
                    ZoneOffset.ofTotalSeconds(offsetSeconds));
            return t.toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stripComments(String v) {
        if (v.indexOf('(') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int month(String m) {
        for (int i = 0; i < MONTH_NAMES.length; i++) {
            if (MONTH_NAMES[i].equalsIgnoreCase(m)) {
                return i;
            }
        }
        return -1;
    }

    private static int zone(String z) {
        if ((z.charAt(0) == '+' || z.charAt(0) == '-') && z.length() == 5) {
            int hh = Integer.parseInt(z.substring(1, 3));
            int mm = Integer.parseInt(z.substring(3, 5));
            if (hh > 23 || mm > 59) {
                return Integer.MIN_VALUE;
            }
            int sec = hh * 3600 + mm * 60;
            return z.charAt(0) == '-' ? -sec : sec;
        }
        switch (z.toUpperCase(Locale.ROOT)) {
            case "UT": case "UTC": case "GMT": case "Z":
                return 0;
            case "EDT": return -4 * 3600;
            case "EST": case "CDT": return -5 * 3600;
            case "CST": case "MDT": return -6 * 3600;
            case "MST": case "PDT": return -7 * 3600;
            case "PST": return -8 * 3600;
            default:
                // RFC 5322 §4.3: other alphabetic (military) zones are treated as +0000
                return z.chars().allMatch(Character::isLetter) ? 0 : Integer.MIN_VALUE;
        }
    }
}
