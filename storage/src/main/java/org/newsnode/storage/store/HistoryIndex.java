package org.newsnode.storage.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Message-ID in history, as a 64-bit keyed hash in an open-addressing table: 16
 * octets per ID, so a node answers any duplicate offer from memory, as INN does from its
 * hashed history index. The hash is MD5 over a per-process random key and the ID, so nobody
 * can craft an ID that collides with another one; an accidental collision (about one in
 * 2^64 per lookup) would make one new article look known.
 *
 * <p>Until {@link #ready()} (the load at start is running) a miss proves nothing and the
 * caller asks the database.
 */
final class HistoryIndex {
    private static final byte[] KEY = new byte[16];
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    });

    static {
        new SecureRandom().nextBytes(KEY);
    }

    /** 0 marks a free slot; a hash that is 0 is stored as 1. */
    private long[] slots = new long[1 << 16];
    private int size;
    private volatile boolean ready;
    /** IDs added while a rebuild reads the database; applied to the new table before it goes live. */
    private List<Long> duringRebuild;

    static long hash(String messageId) {
        MessageDigest md = MD5.get();
        md.reset();
        md.update(KEY);
        byte[] d = md.digest(messageId.getBytes(StandardCharsets.ISO_8859_1));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h == 0 ? 1 : h;
    }

    boolean ready() {
        return ready;
    }

    synchronized int size() {
        return size;
    }

    /** Octets the table takes now (it doubles as it fills, the old table alive while the new one is made). */
    synchronized long bytes() {
        return slots.length * 8L;
    }

    synchronized boolean contains(String messageId) {
        return find(slots, hash(messageId)) >= 0;
    }

    synchronized void add(String messageId) {
        long h = hash(messageId);
        put(h);
        if (duringRebuild != null) {
            duringRebuild.add(h);
        }
    }

    /** Starts a rebuild: IDs added from now on are also kept for the new table. */
    synchronized void beginRebuild() {
        duringRebuild = new ArrayList<>();
    }

    /** Replaces the table with {@code fresh} (filled from the database) plus what arrived meanwhile. */
    synchronized void finishRebuild(HistoryIndex fresh) {
        slots = fresh.slots;
        size = fresh.size;
        if (duringRebuild != null) {
            for (long h : duringRebuild) {
                put(h);
            }
        }
        duringRebuild = null;
        ready = true;
    }

    /** For a table being filled from the database (not yet shared). */
    void addLoaded(String messageId) {
        put(hash(messageId));
    }

    private void put(long h) {
        if (find(slots, h) >= 0) {
            return;
        }
        if ((size + 1) * 2 > slots.length) {
            long[] bigger = new long[slots.length * 2];
            for (long x : slots) {
                if (x != 0) {
                    bigger[-find(bigger, x) - 1] = x;
                }
            }
            slots = bigger;
        }
        slots[-find(slots, h) - 1] = h;
        size++;
    }

    /** The slot holding h, or -(free slot + 1) where it would go (linear probing). */
    private static int find(long[] table, long h) {
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            long x = table[i];
            if (x == h) {
                return i;
            }
            if (x == 0) {
                return -i - 1;
            }
            i = (i + 1) & mask;
        }
    }
}
