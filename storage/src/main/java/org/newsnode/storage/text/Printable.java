package org.newsnode.storage.text;

/**
 * Text from a client made safe to show: every control character (CR, LF, ESC, NUL, DEL …)
 * becomes '?', so a header value or login name quoted in a log line or a reply can neither
 * start a forged line nor drive the operator's terminal. TAB stays.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return replace(s);
            }
        }
        return s;
    }

    private static String replace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
