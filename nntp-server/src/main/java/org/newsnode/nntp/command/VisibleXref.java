package org.newsnode.nntp.command;

import java.nio.charset.StandardCharsets;
import org.newsnode.nntp.session.NntpSession;

/**
 * Xref as a session may see it (RFC 5536 §3.2.14): entries for groups [[access]] hides from it
 * are left out, so a crosspost does not name a hidden group. Sessions that read everything
 * get the stored bytes untouched.
 */
final class VisibleXref {
    private static final byte[] XREF_LINE = "\r\nXref: ".getBytes(StandardCharsets.US_ASCII);

    private VisibleXref() {
    }

    /** An Xref field body ("host g:n g:n") with the hidden groups' entries removed. */
    static String filter(NntpSession s, String xref) {
        if (s.identity().access().readsAll() || xref == null || xref.isEmpty()) {
            return xref;
        }
        String[] parts = xref.split(" ");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].lastIndexOf(':');
            if (colon > 0 && s.identity().mayRead(parts[i].substring(0, colon))) {
                b.append(' ').append(parts[i]);
            }
        }
        return b.toString();
    }

    /** Stored header octets (dot-stuffed wire, CRLF lines) with their Xref line filtered. */
    static byte[] inHeader(NntpSession s, byte[] wire, int from, int to) {
        if (s.identity().access().readsAll()) {
            return null;
        }
        int at = indexOf(wire, XREF_LINE, from, to);
        if (at < 0) {
            return null;
        }
        int start = at + XREF_LINE.length;
        int end = start;
        while (end + 1 < to && !(wire[end] == '\r' && wire[end + 1] == '\n')) {
            end++;
        }
        String body = new String(wire, start, end - start, StandardCharsets.ISO_8859_1);
        byte[] shown = filter(s, body).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[(to - from) - (end - start) + shown.length];
        int head = start - from;
        System.arraycopy(wire, from, out, 0, head);
        System.arraycopy(shown, 0, out, head, shown.length);
        System.arraycopy(wire, end, out, head + shown.length, to - end);
        return out;
    }

    /** An overview line (its Xref:full field is the last) with the Xref filtered. */
    static byte[] inOverview(NntpSession s, byte[] ov) {
        if (s.identity().access().readsAll()) {
            return ov;
        }
        int tab = ov.length - 1;
        while (tab >= 0 && ov[tab] != '\t') {
            tab--;
        }
        String last = new String(ov, tab + 1, ov.length - tab - 1, StandardCharsets.ISO_8859_1);
        if (!last.startsWith("Xref: ")) {
            return ov;
        }
        byte[] shown = ("Xref: " + filter(s, last.substring(6))).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[tab + 1 + shown.length];
        System.arraycopy(ov, 0, out, 0, tab + 1);
        System.arraycopy(shown, 0, out, tab + 1, shown.length);
        return out;
    }

    private static int indexOf(byte[] b, byte[] what, int from, int to) {
        outer:
        for (int i = from; i + what.length <= to; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
