package org.newsnode.storage.intake;

import java.util.Locale;
import java.util.Set;
import org.newsnode.storage.article.Article;

/**
 * A control message (RFC 5537 §5): recognised by its Control header field, whose first word
 * is the type. As INN does, it is filed not in the groups it names but in a pseudo-group of
 * its type (control.cancel, control.newgroup, control.rmgroup, control.checkgroups; any other
 * type in control), created on demand, and flooded by its Newsgroups like any article.
 */
public record ControlMessage(String type, String arguments) {
    /** The types with a pseudo-group of their own (INN's default active file has them). */
    static final Set<String> OWN_GROUP = Set.of("cancel", "newgroup", "rmgroup", "checkgroups");
    /** RFC 5537 §5.5: ihave and sendme are obsolete; INN refuses them too. */
    static final Set<String> OBSOLETE = Set.of("ihave", "sendme");

    /** The article's control message, or null when it is an ordinary article. */
    public static ControlMessage of(Article a) {
        String v = a.header("Control");
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        int sp = indexOfBlank(s);
        String type = (sp < 0 ? s : s.substring(0, sp)).toLowerCase(Locale.ROOT);
        return new ControlMessage(type, sp < 0 ? "" : s.substring(sp).strip());
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** The pseudo-group this message is filed in. */
    public String group() {
        return OWN_GROUP.contains(type) ? "control." + type : "control";
    }

    public boolean obsolete() {
        return OBSOLETE.contains(type);
    }
}
