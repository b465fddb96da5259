package org.newsnode.storage.store;

/**
 * A newsgroup as readers see it. An empty group has low = high + 1 and count 0
 * (RFC 3977 §6.1.1.2). Instances are immutable snapshots.
 */
public record Group(int id, String name, String description, char status, long low, long high,
                    long count, long createdMillis, String creator) {

    public static final char POSTING = 'y';
    public static final char NO_POSTING = 'n';
    public static final char MODERATED = 'm';

    /** Every group as the newsgroup table holds it, by name. */
    static java.util.Map<String, Group> loadAll(java.sql.Connection c) throws java.sql.SQLException {
        java.util.Map<String, Group> groups = new java.util.HashMap<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, description, status, low, high, article_count, created, creator FROM newsgroup");
             java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Group g = new Group(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9));
                groups.put(g.name(), g);
            }
        }
        return groups;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    Group withInfo(String newDescription, char newStatus) {
        return new Group(id, name, newDescription, newStatus, low, high, count, createdMillis, creator);
    }

    Group withNumbers(long newLow, long newHigh, long newCount) {
        return new Group(id, name, description, status, newLow, newHigh, newCount, createdMillis, creator);
    }
}
