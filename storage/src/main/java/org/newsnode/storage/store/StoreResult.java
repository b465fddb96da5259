package org.newsnode.storage.store;

import java.util.Map;

/** The outcome of storing an article. */
public record StoreResult(Outcome outcome, String messageId, Map<String, Long> numbers) {
    public enum Outcome {
        /** Stored and numbered in every carried group it names. */
        ACCEPTED,
        /** The Message-ID is already in history (RFC 5537 §3.4 duplicate). */
        DUPLICATE,
        /** None of its newsgroups is carried here (any more). */
        NO_GROUPS
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
