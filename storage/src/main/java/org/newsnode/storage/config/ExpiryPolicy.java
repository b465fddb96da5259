package org.newsnode.storage.config;

import java.time.Duration;
import java.util.List;
import org.newsnode.storage.text.Wildmat;

/**
 * How long articles stay (INN's expire.ctl, simplified): per-group retention as
 * "wildmat:days" rules where the last matching rule wins (0 days: keep), bounds within
 * which an article's Expires header is honoured instead, how long history remembers an ID
 * after its article is gone or was refused, and how often expiry runs inside the node.
 */
public record ExpiryPolicy(List<Rule> rules, Duration expiresMin, Duration expiresMax, Duration remember,
                           Duration interval) {

    /** One retention rule. */
    public record Rule(Wildmat groups, int days, String text) {
    }

    /** Retention of a group, or null to keep its articles (no rule, or 0 days). */
    public Duration retention(String group) {
        Rule last = null;
        for (Rule r : rules) {
            if (r.groups().matches(group)) {
                last = r;
            }
        }
        return last == null || last.days() == 0 ? null : Duration.ofDays(last.days());
    }

    /** Parses "wildmat:days"; throws IllegalArgumentException with a readable text. */
    static Rule rule(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not wildmat:days");
        }
        int days;
        try {
            days = Integer.parseInt(text.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": days is not a number");
        }
        if (days < 0 || days > 36_500) {
            throw new IllegalArgumentException("\"" + text + "\": days out of range 0..36500");
        }
        return new Rule(Wildmat.parse(text.substring(0, colon).strip()), days, text);
    }
}
