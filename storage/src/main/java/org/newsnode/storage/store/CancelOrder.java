package org.newsnode.storage.store;

import java.util.List;

/**
 * What a cancel (or a Supersedes) asks of the store for its target (RFC 5537 §5.3): with
 * {@code authorised} the target goes (or, not yet here, is refused when it comes); without,
 * the target was not here to be checked, so the cancel waits for it with its Cancel-Keys
 * and its injecting site (checked when the target arrives, RFC 8315 §3.5).
 */
public record CancelOrder(String target, String cancelId, boolean authorised, List<String> keys, String site) {
    public CancelOrder {
        keys = List.copyOf(keys);
    }

    /** What the store did with an order. */
    public enum Outcome {
        /** The target was here and is gone from its groups; history says cancelled. */
        REMOVED,
        /** The target was not here: history says cancelled, so it is refused when it comes. */
        REMEMBERED,
        /** The target was not here to be checked: the cancel waits for it. */
        PENDING,
        /** Not authorised, and the target is here after all (it arrived meanwhile): check it now. */
        PRESENT,
        /** The target expired, was refused or cancelled already: nothing to do. */
        GONE
    }
}
