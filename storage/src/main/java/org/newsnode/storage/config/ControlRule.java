package org.newsnode.storage.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.newsnode.storage.text.Wildmat;

/**
 * One line of INN's control.ctl: {@code message:from:newsgroups:action}. The message type
 * ({@code all} for any), the sender's address and the group name are shell-style patterns,
 * several joined with {@code |} in any of the three, as controlchan reads them; the address matches without regard to case. The action is
 * {@code doit}, {@code log}, {@code mail}, {@code drop} or {@code verify-SIGNER} (a valid
 * X-PGP-Sig by a key whose user ID holds SIGNER, then doit); INN's {@code =logfile} suffix
 * is accepted and means nothing more here (every control message is logged).
 */
public record ControlRule(List<String> types, List<String> from, List<String> groups, Action action, String signer, String line) {
    public enum Action { DOIT, LOG, MAIL, DROP, VERIFY }

    public ControlRule {
        types = List.copyOf(types);
        from = List.copyOf(from);
        groups = List.copyOf(groups);
    }

    /** Parses a control.ctl line; throws IllegalArgumentException saying what is wrong. */
    public static ControlRule parse(String line) {
        String[] f = line.strip().split(":", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("\"" + line + "\" is not message:from:newsgroups:action (INN's control.ctl)");
        }
        List<String> types = new ArrayList<>();
        for (String t : f[0].strip().toLowerCase(Locale.ROOT).split("\\|", -1)) {
            if (!t.strip().matches("[a-z*?]+")) {
                throw new IllegalArgumentException("\"" + line + "\": \"" + f[0] + "\" is not a control message type or all");
            }
            types.add(t.strip().equals("all") ? "*" : t.strip());
        }
        String act = f[3].strip();
        int eq = act.indexOf('=');
        if (eq >= 0) {
            act = act.substring(0, eq);
        }
        Action action;
        String signer = null;
        if (act.startsWith("verify-") && act.length() > "verify-".length()) {
            action = Action.VERIFY;
            signer = act.substring("verify-".length());
        } else {
            action = switch (act.toLowerCase(Locale.ROOT)) {
                case "doit" -> Action.DOIT;
                case "log" -> Action.LOG;
                case "mail" -> Action.MAIL;
                case "drop" -> Action.DROP;
                default -> throw new IllegalArgumentException("\"" + line + "\": \"" + f[3]
                        + "\" is not an action (doit, log, mail, drop or verify-SIGNER)");
            };
        }
        return new ControlRule(types, alternatives(f[1].toLowerCase(Locale.ROOT), line),
                alternatives(f[2], line), action, signer, line.strip());
    }

    private static List<String> alternatives(String field, String line) {
        List<String> out = new ArrayList<>();
        for (String p : field.strip().split("\\|", -1)) {
            String t = p.strip();
            if (t.isEmpty() || !Wildmat.isValid(t) || t.contains(",") || t.startsWith("!")) {
                throw new IllegalArgumentException("\"" + line + "\": \"" + p + "\" is not a pattern");
            }
            out.add(t);
        }
        return out;
    }

    /** True when the rule is about a control message of this type from this address for this group. */
    public boolean matches(String messageType, String senderAddress, String group) {
        return types.stream().anyMatch(p -> Wildmat.matchPattern(p, messageType.toLowerCase(Locale.ROOT)))
                && from.stream().anyMatch(p -> Wildmat.matchPattern(p, senderAddress.toLowerCase(Locale.ROOT)))
                && groups.stream().anyMatch(p -> Wildmat.matchPattern(p, group));
    }
}
