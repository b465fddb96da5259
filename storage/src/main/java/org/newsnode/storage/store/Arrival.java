package org.newsnode.storage.store;

import java.util.List;
import java.util.Set;
import org.newsnode.storage.article.Article;

/**
 * A checked article on its way into the store: the groups it is filed in (carried ones
 * only), its Date in epoch seconds, our path identity for Xref, the peers it came from
 * (seen-by: not offered back), and, for a relayed article, the Path body it is stored with
 * (RFC 5537 §3.6), written in the one rewrite that also adds Xref; null keeps Path; and
 * the cancels it brings (a cancel control message, a Supersedes), applied in the same
 * transaction that stores it, so a crash never keeps the one without the other.
 */
public record Arrival(Article article, String messageId, List<String> groups, long postedSeconds, String pathIdentity,
                      Set<String> sentBy, String relayPath, List<CancelOrder> cancels) {
    public Arrival {
        groups = List.copyOf(groups);
        sentBy = Set.copyOf(sentBy);
        cancels = List.copyOf(cancels);
    }

    public Arrival(Article article, String messageId, List<String> groups, long postedSeconds, String pathIdentity,
                   Set<String> sentBy, String relayPath) {
        this(article, messageId, groups, postedSeconds, pathIdentity, sentBy, relayPath, List.of());
    }

    /** The same arrival, cancelling (or superseding) these targets once it is stored. */
    public Arrival cancelling(List<CancelOrder> orders) {
        return new Arrival(article, messageId, groups, postedSeconds, pathIdentity, sentBy, relayPath, orders);
    }

    /** Posted or generated here: nobody has it yet, Path as it is. */
    public static Arrival local(Article article, String messageId, List<String> groups, long postedSeconds,
                                String pathIdentity) {
        return new Arrival(article, messageId, groups, postedSeconds, pathIdentity, Set.of(), null);
    }

    /** The same article as sent by other peers too (seen-by grows). */
    Arrival sentAlsoBy(Set<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Set<String> all = new java.util.HashSet<>(sentBy);
        all.addAll(more);
        return new Arrival(article, messageId, groups, postedSeconds, pathIdentity, all, relayPath, cancels);
    }
}
