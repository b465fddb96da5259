package org.newsnode.storage.store;

/**
 * Rows that point at something that is not there, as "table alias WHERE condition": group
 * removal deletes queue rows among them, and the consistency check counts them. Each
 * condition looks up an index, so a check is linear in the store.
 */
final class OrphanRows {
    static final String NUMBERS_WITHOUT_ARTICLE =
            "group_article ga WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = ga.article_id)";
    static final String ARTICLES_WITHOUT_HISTORY = "article a WHERE NOT EXISTS "
            + "(SELECT 1 FROM history h WHERE h.message_id = a.message_id AND h.article_id = a.id)"; // by history's key
    static final String ARTICLES_IN_NO_GROUP =
            "article a WHERE NOT EXISTS (SELECT 1 FROM group_article ga WHERE ga.article_id = a.id)";
    static final String QUEUE_WITHOUT_ARTICLE =
            "peer_queue q WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = q.article_id)";

    private OrphanRows() {
    }
}
