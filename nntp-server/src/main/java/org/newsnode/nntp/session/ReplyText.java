package org.newsnode.nntp.session;

import java.nio.charset.StandardCharsets;
import org.newsnode.storage.text.Printable;

/**
 * Keeps a response line within RFC 3977 §3.1's 512 octets (CRLF included): a reply that
 * quotes a client's header (441 texts) is cut, with "..." to show it.
 */
final class ReplyText {
    /** Octets left for the text after "NNN " and before CRLF. */
    static final int MAX_OCTETS = 512 - 4 - 2;

    private ReplyText() {
    }

    /** A byte string (one char per octet) cut to fit; a CR or LF quoted from a client cannot start another line. */
    static String bounded(String text) {
        text = Printable.of(text);
        return text.length() <= MAX_OCTETS ? text : text.substring(0, MAX_OCTETS - 3) + "...";
    }

    /** Text sent as UTF-8, cut on a code point boundary to fit. */
    static String boundedUtf8(String text) {
        text = Printable.of(text);
        if (text.length() * 3 <= MAX_OCTETS || text.getBytes(StandardCharsets.UTF_8).length <= MAX_OCTETS) {
            return text;
        }
        int octets = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + n > MAX_OCTETS - 3) {
                break;
            }
            octets += n;
            i += Character.charCount(cp);
        }
        return text.substring(0, i) + "...";
    }
}
