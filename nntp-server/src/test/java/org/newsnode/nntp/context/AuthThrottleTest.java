package org.newsnode.nntp.context;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.newsnode.storage.config.PasswordHash;
import org.newsnode.storage.config.UserConfig;

/** Password guessing is slowed before anything is hashed, and hashing is bounded for the whole node. */
class AuthThrottleTest {
    private final Executor after = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    @Test
    void parallelGuessesFromOneAddressCostOneHashPerDelay() throws Exception {
        AuthThrottle throttle = new AuthThrottle();
        AtomicInteger hashed = new AtomicInteger();
        List<CompletableFuture<Boolean>> guesses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            guesses.add(throttle.attempt("192.0.2.7", () -> {
                hashed.incrementAndGet();
                return false;
            }, after));
        }
        Thread.sleep(2_500);
        // hashes at about 0 s, 1 s and 3 s: the 40 wait their turn unhashed
        assertTrue(hashed.get() <= 3, "hashed " + hashed.get() + " of 40 parallel guesses within 2.5 s");
        assertTrue(hashed.get() >= 1);
        CompletableFuture<Boolean> elsewhere = throttle.attempt("198.51.100.9", () -> true, after);
        assertTrue(elsewhere.get(5, TimeUnit.SECONDS), "another address logs in meanwhile");
        assertFalse(guesses.get(0).get(5, TimeUnit.SECONDS));
    }

    @Test
    void hashingIsBoundedForTheNodeAndExcessGuessesAreRefusedUnhashed() throws Exception {
        AuthThrottle throttle = new AuthThrottle();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger hashed = new AtomicInteger();
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(throttle.attempt("203.0.113." + i, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                hashed.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return false;
            }, after));
        }
        for (CompletableFuture<Boolean> f : all) {
            assertFalse(f.get(60, TimeUnit.SECONDS));
        }
        assertTrue(most.get() <= AuthThrottle.HASH_THREADS, "at most " + AuthThrottle.HASH_THREADS + " hashes at once: " + most.get());
        assertTrue(hashed.get() < 200, "guesses past the queue were refused without a hash: " + hashed.get());
    }

    @Test
    void aFloodFromOneAddressNeitherQueuesWithoutBoundNorLengthensAnotherUsersDelay() throws Exception {
        AuthThrottle throttle = new AuthThrottle();
        AtomicInteger hashed = new AtomicInteger();
        List<CompletableFuture<Boolean>> flood = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            flood.add(throttle.attempt("192.0.2.8", () -> {
                hashed.incrementAndGet();
                return false;
            }, after));
        }
        long refusedFast = 0;
        for (int i = AuthThrottle.MAX_WAITING_PER_ADDRESS; i < flood.size(); i++) {
            assertFalse(flood.get(i).get(5, TimeUnit.SECONDS)); // answered within about a second, unhashed
            refusedFast++;
        }
        assertEquals(100 - AuthThrottle.MAX_WAITING_PER_ADDRESS, refusedFast);
        assertTrue(hashed.get() <= 2, "the overflow was not hashed: " + hashed.get());
        // a guess whose client left before its turn is not hashed either
        AtomicInteger late = new AtomicInteger();
        assertFalse(throttle.attempt("198.51.100.3", () -> {
            late.incrementAndGet();
            return true;
        }, () -> false, after).get(5, TimeUnit.SECONDS));
        assertEquals(0, late.get());
    }

    @Test
    void anUnknownNameCostsTheSameHashAsAKnownOne() {
        String hash = PasswordHash.create("right".toCharArray(), 50_000);
        UserDirectory users = new UserDirectory(List.of(new UserConfig("alice", hash)));
        assertTrue(users.verify("alice", "right"));
        assertFalse(users.verify("alice", "wrong"));
        assertFalse(users.verify("mallory", "right"));
        assertEquals(50_000, PasswordHash.iterations(users.dummyForUnknownNames()),
                "an unknown name is hashed with the accounts' iteration count");
    }

    @Test
    void anIpv6SubscriberCountsAsOneAddress() {
        assertEquals(AddressKey.of("2001:db8:1:2::1"), AddressKey.of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertNotEquals(AddressKey.of("2001:db8:1:2::1"), AddressKey.of("2001:db8:1:3::1"));
        assertEquals("192.0.2.1", AddressKey.of("192.0.2.1"));
        assertEquals("192.0.2.1", AddressKey.of("::ffff:192.0.2.1"));
    }
}
