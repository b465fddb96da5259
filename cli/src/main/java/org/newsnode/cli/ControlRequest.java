package org.newsnode.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the control channel runs (admin verbs only) and how a request appears in the log (no passwords). */
final class ControlRequest {
    /** The commands that work on a node's state; serve, init, tls, post, article and the rest never run in the node. */
    static final Set<String> ADMIN_VERBS = Set.of("group", "peer", "feeds", "expire", "user", "reload", "import", "export", "control");

    private ControlRequest() {
    }

    /** Why argv may not run in the node, or null when it may. */
    static String refusal(List<String> argv) {
        for (String a : argv) {
            if (a.equals("--verbose")) {
                continue;
            }
            return ADMIN_VERBS.contains(a) ? null
                    : "`" + a + "` does not run over the control channel (only " + String.join(", ", ADMIN_VERBS.stream().sorted().toList()) + ")";
        }
        return "an empty control request";
    }

    /** argv with the value of every option whose name says password replaced by ***. */
    static String redacted(List<String> argv) {
        List<String> shown = new ArrayList<>(argv.size());
        boolean maskNext = false;
        for (String a : argv) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (maskNext) {
                shown.add("***");
                maskNext = false;
            } else if (lower.startsWith("--") && lower.contains("password")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    shown.add(a.substring(0, eq + 1) + "***");
                } else {
                    shown.add(a);
                    maskNext = !lower.endsWith("-stdin");
                }
            } else {
                shown.add(org.newsnode.storage.text.Printable.of(a));
            }
        }
        return String.join(" ", shown);
    }
}
