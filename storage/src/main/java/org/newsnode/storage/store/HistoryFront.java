package org.newsnode.storage.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory front of history: a bounded cache of recently seen Message-IDs with their
 * state, so a storm of CHECKs for known IDs is answered without touching the database; the
 * in-flight claims that let only one peer send an article at a time (RFC 4644 §2.3 431,
 * RFC 3977 §6.3.2 436; INN's wipcheck); and which peers offered an ID, before we had it or
 * after. All four are Caffeine caches: bounded in size, claims expiring at their own deadline.
 */
final class HistoryFront {
    /** Claims held at once; past that the oldest go (a lost claim costs at most a duplicate TAKETHIS, refused). */
    static final int MAX_CLAIMS = 500_000;
    private static final int MAX_OFFERS = 200_000;

    /** A claim on a Message-ID by one session until a deadline (System.nanoTime). */
    private record Claim(Object owner, long until) {
    }

    private final Cache<String, Character> states;
    private final Cache<String, Claim> claims;
    /** Peers that offered an ID we did not have yet: they have it, so it is never offered to them. */
    private final Cache<String, Set<String>> offers = Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(MAX_OFFERS).build();
    /**
     * Peers that offered an ID we already had: their queue rows for it go unoffered. Bounded:
     * one that falls out only costs an offer answered 438.
     */
    private final Cache<String, Set<String>> holders = Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(MAX_OFFERS).build();
    private final long claimNanos;

    HistoryFront(int capacity, long claimNanos) {
        this.claimNanos = claimNanos;
        // maintenance (eviction) runs on the calling thread: no pool thread of its own
        this.states = Caffeine.newBuilder().executor(Runnable::run).maximumSize(capacity).build();
        this.claims = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_CLAIMS).expireAfter(new Expiry<String, Claim>() {
            @Override
            public long expireAfterCreate(String id, Claim c, long now) {
                return Math.max(0, c.until() - now);
            }

            @Override
            public long expireAfterUpdate(String id, Claim c, long now, long current) {
                return Math.max(0, c.until() - now);
            }

            @Override
            public long expireAfterRead(String id, Claim c, long now, long current) {
                return current;
            }
        }).build();
    }

    /** The cached state of an ID, or null when the cache does not know it. */
    Character cached(String id) {
        return states.getIfPresent(id);
    }

    void remember(String id, char state) {
        states.put(id, state);
    }

    /** Forgets every cached state (history changed underneath: expiry). */
    void clear() {
        states.invalidateAll();
    }

    /**
     * Claims an ID for a session; false when another session holds an unexpired claim.
     * The same session may claim again (a CHECK repeated before its TAKETHIS) but keeps its
     * first deadline: repeating CHECK cannot hold an ID from every other peer for ever.
     */
    boolean claim(String id, Object owner, long nowNanos) {
        Claim mine = new Claim(owner, nowNanos + claimNanos);
        Claim result = claims.asMap().merge(id, mine, (old, neu) -> old.until() - nowNanos < 0 ? neu : old);
        return result.owner() == owner && result.until() - nowNanos >= 0;
    }

    void release(String id, Object owner) {
        claims.asMap().computeIfPresent(id, (k, c) -> c.owner() == owner ? null : c);
    }

    /** Drops every claim a session holds (it closed: its CHECKs will never be followed by TAKETHIS). */
    void releaseAll(Object owner) {
        claims.asMap().values().removeIf(c -> c.owner() == owner);
    }

    /** Claims held now (expired ones are gone). */
    long claims() {
        claims.cleanUp();
        return claims.estimatedSize();
    }

    void offered(String id, String peer) {
        offers.asMap().computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    /** A peer offered an ID we have: its feed drops the ID's queue row instead of offering it. */
    void held(String id, String peer) {
        holders.asMap().computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    /** True (once) when this peer offered the ID after we had it. */
    boolean heldBy(String id, String peer) {
        boolean[] found = new boolean[1];
        holders.asMap().computeIfPresent(id, (k, set) -> {
            found[0] = set.remove(peer);
            return set.isEmpty() ? null : set;
        });
        return found[0];
    }

    /** Forgets that this peer offered the ID. */
    void unoffered(String id, String peer) {
        offers.asMap().computeIfPresent(id, (k, set) -> {
            set.remove(peer);
            return set.isEmpty() ? null : set;
        });
    }

    /** The peers that offered this ID, forgetting them (the article is being stored now). */
    Set<String> takeOffers(String id) {
        Set<String> s = offers.asMap().remove(id);
        return s == null ? Set.of() : s;
    }
}
