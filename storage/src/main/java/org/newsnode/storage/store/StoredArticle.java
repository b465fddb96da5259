package org.newsnode.storage.store;

/**
 * An article as served: wire form (CRLF, dot-stuffed, no terminating ".") and where its body
 * starts, with its number in the group it was asked for (0 when asked by Message-ID).
 */
public record StoredArticle(long number, String messageId, byte[] wire, int bodyOffset) {
}
