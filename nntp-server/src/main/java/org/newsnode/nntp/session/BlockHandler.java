package org.newsnode.nntp.session;

import org.newsnode.nntp.codec.ArticleBlock;

/** Receives the data block a command asked for (POST after 340, IHAVE after 335). */
@FunctionalInterface
public interface BlockHandler {
    void accept(NntpSession session, ArticleBlock block);
}
