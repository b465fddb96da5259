package org.newsnode.storage.store;

/**
 * Rows that point at something that is not there, as "table alias WHERE condition": group
 * removal deletes queue rows among them, and the consistency check ({@link #problems}) counts them. Each
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

    /** What a consistency check finds, one line per kind of problem with its count; empty when consistent. */
    static java.util.List<String> problems(java.sql.Statement st) throws java.sql.SQLException {
        java.util.Map<String, String> checks = new java.util.LinkedHashMap<>();
        checks.put("article numbers without their article", "SELECT COUNT(*) FROM " + NUMBERS_WITHOUT_ARTICLE);
        checks.put("articles in no group", "SELECT COUNT(*) FROM " + ARTICLES_IN_NO_GROUP);
        checks.put("articles without history", "SELECT COUNT(*) FROM " + ARTICLES_WITHOUT_HISTORY);
        checks.put("queue rows without their article", "SELECT COUNT(*) FROM " + QUEUE_WITHOUT_ARTICLE);
        checks.put("groups whose counters disagree with their numbers", "SELECT COUNT(*) FROM newsgroup g WHERE "
                + "g.article_count <> (SELECT COUNT(*) FROM group_article ga WHERE ga.group_id = g.id) "
                + "OR g.high < (SELECT COALESCE(MAX(number), 0) FROM group_article ga WHERE ga.group_id = g.id)");
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (var c : checks.entrySet()) {
            try (java.sql.ResultSet rs = st.executeQuery(c.getValue())) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add(rs.getLong(1) + " " + c.getKey());
                }
            }
        }
        return problems;
    }
}
