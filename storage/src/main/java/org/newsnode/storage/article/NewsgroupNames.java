package org.newsnode.storage.article;

import java.util.List;

/** Newsgroup names and the Newsgroups header (RFC 5536 §3.1.4). */
public final class NewsgroupNames {
    /** A practical bound on a name; INN's limit on a newsgroup name component is similar. */
    public static final int MAX_LENGTH = 250;

    private NewsgroupNames() {
    }

    /**
     * RFC 5536 §3.1.4: components of ALPHA / DIGIT / "+" / "-" / "_", separated by dots,
     * none empty. The RFC keeps names lower case in practice but does not demand it.
     */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        boolean componentEmpty = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (componentEmpty) {
                    return false;
                }
                componentEmpty = true;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '_')) {
                componentEmpty = false;
            } else {
                return false;
            }
        }
        return !componentEmpty;
    }

    /**
     * Splits a Newsgroups value: names separated by commas with optional whitespace around
     * them (RFC 5536 §3.1.4 allows FWS). Returns null when any name is invalid.
     */
    public static List<String> parseList(String value) {
        // a set keeps the first of each name in order: linear in the header's length
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String name = part.strip();
            if (!isValid(name)) {
                return null;
            }
            names.add(name);
        }
        return List.copyOf(names);
    }
}
