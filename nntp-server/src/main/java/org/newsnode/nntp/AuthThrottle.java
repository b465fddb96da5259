package org.newsnode.nntp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing per source address: after each failed AUTHINFO the next answer
 * from that address waits twice as long (1 s, 2 s, 4 s … capped at 16 s); a success or
 * a quiet quarter of an hour forgets the address. Bounded: the oldest addresses go first.
 */
public final class AuthThrottle {
    static final long FIRST_DELAY_MS = 1_000;
    static final long MAX_DELAY_MS = 16_000;
    static final long FORGET_AFTER_MS = 15 * 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, long lastMillis) {
    }

    private final Map<String, Failures> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** Records a failure from {@code address}; returns how long to hold back the 481. */
    public synchronized long failed(String address, long nowMillis) {
        Failures f = byAddress.get(address);
        int count = f == null || nowMillis - f.lastMillis() > FORGET_AFTER_MS ? 1 : f.count() + 1;
        byAddress.put(address, new Failures(count, nowMillis));
        return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(count - 1, 8));
    }

    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
