package org.newsnode.storage.store;

import java.util.Map;

/**
 * The outcome of storing an article: its numbers; what became of the targets it cancels or
 * supersedes; whether a cancel was waiting for it (the caller checks it against the article).
 */
public record StoreResult(Outcome outcome, String messageId, Map<String, Long> numbers,
                          Map<String, CancelOrder.Outcome> cancels, boolean cancelWaiting) {
    public StoreResult(Outcome outcome, String messageId, Map<String, Long> numbers) {
        this(outcome, messageId, numbers, Map.of(), false);
    }

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
