package org.newsnode.storage.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory front of history: a bounded cache of recently seen Message-IDs with their
 * state, so a storm of CHECKs for known IDs is answered without touching the database, and
 * the in-flight claims that let only one peer send an article at a time (RFC 4644 §2.3 431,
 * RFC 3977 §6.3.2 436; INN's wipcheck).
 */
final class HistoryFront {
    private static final int SHARDS = 16;

    /** A claim on a Message-ID by one session until a deadline. */
    private record Claim(Object owner, long until) {
    }

    private final List<Map<String, Character>> shards;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    /** Peers that offered an ID we did not have yet: they have it, so it is never offered to them. */
    private final Map<String, java.util.Set<String>> offers = new ConcurrentHashMap<>();
    private static final int MAX_OFFERS = 200_000;
    private final long claimNanos;

    HistoryFront(int capacity, long claimNanos) {
        this.claimNanos = claimNanos;
        int perShard = Math.max(16, capacity / SHARDS);
        List<Map<String, Character>> list = new ArrayList<>(SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            list.add(new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Character> eldest) {
                    return size() > perShard;
                }
            });
        }
        shards = List.copyOf(list);
    }

    private Map<String, Character> shard(String id) {
        return shards.get((id.hashCode() & 0x7fffffff) % SHARDS);
    }

    /** The cached state of an ID, or null when the cache does not know it. */
    Character cached(String id) {
        Map<String, Character> s = shard(id);
        synchronized (s) {
            return s.get(id);
        }
    }

    void remember(String id, char state) {
        Map<String, Character> s = shard(id);
        synchronized (s) {
            s.put(id, state);
        }
    }

    /** Forgets every cached state (history changed underneath: expiry). */
    void clear() {
        for (Map<String, Character> s : shards) {
            synchronized (s) {
                s.clear();
            }
        }
    }

    /**
     * Claims an ID for a session; false when another session holds an unexpired claim.
     * The same session may claim again (a CHECK repeated before its TAKETHIS) but keeps its
     * first deadline: repeating CHECK cannot hold an ID from every other peer for ever.
     */
    boolean claim(String id, Object owner, long nowNanos) {
        Claim mine = new Claim(owner, nowNanos + claimNanos);
        Claim result = claims.merge(id, mine, (old, neu) -> old.until() - nowNanos < 0 ? neu : old);
        return result.owner() == owner && result.until() - nowNanos >= 0;
    }

    void release(String id, Object owner) {
        claims.computeIfPresent(id, (k, c) -> c.owner() == owner ? null : c);
    }

    /** Drops every claim a session holds (it closed: its CHECKs will never be followed by TAKETHIS). */
    void releaseAll(Object owner) {
        claims.values().removeIf(c -> c.owner() == owner);
    }

    void offered(String id, String peer) {
        if (offers.size() >= MAX_OFFERS) {
            offers.clear(); // bounded memory; losing this knowledge only costs a redundant CHECK
        }
        offers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    /** Forgets that this peer offered the ID. */
    void unoffered(String id, String peer) {
        offers.computeIfPresent(id, (k, set) -> {
            set.remove(peer);
            return set.isEmpty() ? null : set;
        });
    }

    /** The peers that offered this ID, forgetting them (the article is being stored now). */
    java.util.Set<String> takeOffers(String id) {
        java.util.Set<String> s = offers.remove(id);
        return s == null ? java.util.Set.of() : s;
    }

    /** Drops claims whose deadline passed (their sessions never sent the article). */
    void expireClaims(long nowNanos) {
        claims.values().removeIf(c -> c.until() - nowNanos < 0);
    }
}
