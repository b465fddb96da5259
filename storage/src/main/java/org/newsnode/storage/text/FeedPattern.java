package org.newsnode.storage.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups a peer takes, as INN's newsfeeds writes them: comma-separated wildmat patterns,
 * "!pat" to exclude matching groups and "@pat" to poison — an article posted to any group
 * whose last matching pattern is "@" is not sent at all. For each group the last matching
 * pattern decides; the article is sent when some group is wanted and none is poisoned.
 */
public final class FeedPattern {
    private enum Kind { WANT, EXCLUDE, POISON }

    private record Item(Kind kind, String pattern) {
    }

    private final List<Item> items;
    private final String text;

    private FeedPattern(List<Item> items, String text) {
        this.items = items;
        this.text = text;
    }

    /** Parses; throws IllegalArgumentException naming an empty pattern. */
    public static FeedPattern parse(String text) {
        List<Item> items = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            Kind k = Kind.WANT;
            if (p.startsWith("!")) {
                k = Kind.EXCLUDE;
                p = p.substring(1);
            } else if (p.startsWith("@")) {
                k = Kind.POISON;
                p = p.substring(1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty pattern in \"" + text + "\"");
            }
            Wildmat.parse(p); // the same syntax rules as any wildmat
            items.add(new Item(k, p));
        }
        return new FeedPattern(List.copyOf(items), text);
    }

    /** True when an article posted to these groups should be sent. */
    public boolean wants(List<String> newsgroups) {
        boolean wanted = false;
        for (String g : newsgroups) {
            Kind decision = null;
            for (Item i : items) {
                if (Wildmat.matchPattern(i.pattern(), g)) {
                    decision = i.kind();
                }
            }
            if (decision == Kind.POISON) {
                return false;
            }
            wanted |= decision == Kind.WANT;
        }
        return wanted;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Equal when written the same: a reload that leaves a [[peer]] as it was keeps its links. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FeedPattern f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
