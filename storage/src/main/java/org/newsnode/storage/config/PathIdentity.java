package org.newsnode.storage.config;

/** Path identities (RFC 5537 §3.2): the name a node puts into the Path header. */
public final class PathIdentity {
    private PathIdentity() {
    }

    /** RFC 5536 §3.1.5 path-identity: a dot-atom-ish name of letters, digits, '.', '-', '_'. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 255) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))) {
                return false;
            }
        }
        return id.charAt(0) != '.' && id.charAt(id.length() - 1) != '.';
    }
}
