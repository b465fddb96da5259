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
