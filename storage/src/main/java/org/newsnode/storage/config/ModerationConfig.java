package org.newsnode.storage.config;

import java.util.List;
import org.newsnode.storage.text.Wildmat;

/**
 * Moderated groups' submission addresses, as INN's moderators file: {@code pattern:address},
 * the first matching line wins, {@code %s} in the address is the group name with its dots
 * turned into dashes; and the SMTP server submissions and the operator's mail go through.
 */
public record ModerationConfig(List<String> moderators, MailConfig mail) {
    public ModerationConfig {
        moderators = List.copyOf(moderators);
    }

    /** Checks one moderators line; throws IllegalArgumentException saying what is wrong. */
    static void check(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1 || !Wildmat.isValid(line.substring(0, colon).strip())
                || !line.substring(colon + 1).contains("@")) {
            throw new IllegalArgumentException("\"" + line + "\" is not group-pattern:submission-address (INN's moderators)");
        }
    }

    /** The submission address for a moderated group, or null when no line names it. */
    public String moderatorOf(String group) {
        for (String line : moderators) {
            int colon = line.indexOf(':');
            if (Wildmat.matchPattern(line.substring(0, colon).strip(), group)) {
                return line.substring(colon + 1).strip().replace("%s", group.replace('.', '-'));
            }
        }
        return null;
    }
}
