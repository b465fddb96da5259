package org.newsnode.storage.article;

/** Message-ID syntax (RFC 3977 §3.6, RFC 5536 §3.1.3). */
public final class MessageIds {
    /** RFC 3977 §3.6: a message-id is at most 250 octets. */
    public static final int MAX_LENGTH = 250;

    private MessageIds() {
    }

    /**
     * True for {@code <left@right>}: printable US-ASCII, no further angle brackets, a
     * non-empty left and right side (RFC 5536 §3.1.3 msg-id-core = id-left "@" id-right).
     */
    public static boolean isValid(String id) {
        if (id == null || id.length() < 5 || id.length() > MAX_LENGTH) {
            return false;
        }
        if (id.charAt(0) != '<' || id.charAt(id.length() - 1) != '>') {
            return false;
        }
        int at = -1;
        for (int i = 1; i < id.length() - 1; i++) {
            char c = id.charAt(i);
            if (c < 33 || c > 126 || c == '<' || c == '>') {
                return false;
            }
            if (c == '@') {
                at = i;
            }
        }
        return at > 1 && at < id.length() - 2;
    }

    /** RFC 3977 §3.6 form only (what a command argument must look like to be tried as an ID). */
    public static boolean looksLikeMessageId(String arg) {
        return arg.length() >= 3 && arg.charAt(0) == '<' && arg.charAt(arg.length() - 1) == '>';
    }
}
