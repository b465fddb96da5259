package org.newsnode.nntp.context;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Slows password guessing before any password is hashed. Attempts from one address (an IPv6
 * /64 counts as one) are checked one after another, each failure making the next wait twice
 * as long (1 s, 2 s … 16 s) — before its hash, so parallel guesses cost one hash per delay —
 * and a failure's 481 waits as long too. Hashes run on a small pool with a bounded queue, so
 * guesses from many addresses cannot take every core. A success or a quiet quarter of an
 * hour forgets the address; the table keeps the most recent {@value #MAX_ADDRESSES}.
 */
public final class AuthThrottle {
    public static final long FIRST_DELAY_MS = 1_000;
    static final long MAX_DELAY_MS = 16_000;
    static final long FORGET_AFTER_MS = 15 * 60_000;
    private static final int MAX_ADDRESSES = 10_000;
    /** Hashes waiting for a thread; past this an attempt fails at once (after its delay), unhashed. */
    static final int MAX_WAITING_HASHES = 32;
    /** Attempts from one address waiting their turn; more are refused unhashed (and not counted as failures). */
    static final int MAX_WAITING_PER_ADDRESS = 8;
    /** PBKDF2 is meant to take a core for a fifth of a second: at most half the cores do it. */
    static final int HASH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private static final class Address {
        int failures;
        long lastFailureMillis;
        int waiting;
        /** Completes when the attempt before the newest one from this address has been answered. */
        CompletableFuture<Boolean> tail = CompletableFuture.completedFuture(true);
    }

    /** The most recent addresses; one quiet for a quarter of an hour is forgotten. Guarded by this (the entries' fields). */
    private final Cache<String, Address> byAddress = Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(MAX_ADDRESSES).expireAfterAccess(java.time.Duration.ofMillis(FORGET_AFTER_MS)).build();
    private final ThreadPoolExecutor hashes;

    public AuthThrottle() {
        AtomicInteger n = new AtomicInteger();
        hashes = new ThreadPoolExecutor(HASH_THREADS, HASH_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_WAITING_HASHES), r -> {
                    Thread t = new Thread(r, "auth-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        hashes.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks a login from {@code host} with {@code verify} (the hash), after the address's
     * earlier attempts and its hold-back; the future says whether it succeeded, and a failure
     * completes only after its delay. {@code after} runs answers (never the hash).
     */
    public CompletableFuture<Boolean> attempt(String host, BooleanSupplier verify, Executor after) {
        return attempt(host, verify, () -> true, after);
    }

    /**
     * As above; {@code stillWanted} says whether the client is still there when its turn comes
     * (a closed session's guess is not hashed). Refusals without a hash (too many waiting from the
     * address or in all, or the client gone) are not counted: they must not lengthen the delay of
     * someone else behind the same address.
     */
    public CompletableFuture<Boolean> attempt(String host, BooleanSupplier verify, BooleanSupplier stillWanted, Executor after) {
        String key = AddressKey.of(host);
        CompletableFuture<Boolean> mine;
        synchronized (this) {
            Address a = byAddress.get(key, k -> new Address());
            if (a.waiting >= MAX_WAITING_PER_ADDRESS) {
                return delayed(FIRST_DELAY_MS, after).thenApply(x -> false);
            }
            a.waiting++;
            mine = a.tail.handle((x, e) -> null)
                    .thenCompose(x -> delayed(holdBack(key), after))
                    .thenCompose(x -> stillWanted.getAsBoolean() ? hash(verify) : CompletableFuture.completedFuture((Boolean) null))
                    .thenCompose(ok -> ok == null ? CompletableFuture.completedFuture(false) : ok ? succeeded(key) : failed(key, after));
            a.tail = mine;
            mine.whenComplete((x, e) -> {
                synchronized (this) {
                    a.waiting--;
                }
            });
        }
        return mine;
    }

    /** The check on the hash pool; null when the pool's queue is full (refused unhashed). */
    private CompletableFuture<Boolean> hash(BooleanSupplier verify) {
        try {
            return CompletableFuture.supplyAsync(verify::getAsBoolean, hashes);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** How long the address must still wait after its last failure. */
    private synchronized long holdBack(String key) {
        Address a = byAddress.getIfPresent(key);
        if (a == null || a.failures == 0) {
            return 0;
        }
        long wait = a.lastFailureMillis + delayFor(a.failures) - System.currentTimeMillis();
        return Math.max(0, wait);
    }

    private static long delayFor(int failures) {
        return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(failures - 1, 8));
    }

    private synchronized CompletableFuture<Boolean> succeeded(String key) {
        Address a = byAddress.getIfPresent(key);
        if (a != null) {
            a.failures = 0;
        }
        return CompletableFuture.completedFuture(true);
    }

    private CompletableFuture<Boolean> failed(String key, Executor after) {
        long delay;
        synchronized (this) {
            Address a = byAddress.get(key, k -> new Address());
            long now = System.currentTimeMillis();
            a.failures = a.failures == 0 || now - a.lastFailureMillis > FORGET_AFTER_MS ? 1 : a.failures + 1;
            a.lastFailureMillis = now;
            delay = delayFor(a.failures);
        }
        return delayed(delay, after).thenApply(x -> false);
    }

    private static CompletableFuture<Void> delayed(long millis, Executor after) {
        return millis <= 0 ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, after));
    }
}
