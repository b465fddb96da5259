package org.newsnode.storage.store;

/**
 * How a store is opened: H2's page cache, whether each batch of the article log is forced to
 * the device, whether article bytes are read through memory maps of the log (INN's
 * {@code articlemmap}: faster reads, but the mapped pages count in the process's RSS) or with
 * positioned reads, and the size of a log segment.
 */
public record StoreOptions(int cacheMb, boolean fsync, boolean mapArticles, long segmentBytes) {
    public static StoreOptions of(int cacheMb, boolean fsync, boolean mapArticles) {
        return new StoreOptions(cacheMb, fsync, mapArticles, ArticleLog.SEGMENT_BYTES);
    }

    StoreOptions withSegmentBytes(long bytes) {
        return new StoreOptions(cacheMb, fsync, mapArticles, bytes);
    }
}
