package org.newsnode.storage.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claims (INN's wipcheck), the state cache and the offers, with their bounds. */
class HistoryFrontTest {
    private final Object a = new Object();
    private final Object b = new Object();

    @Test
    void oneSessionHoldsAnIdUntilItsDeadlineAndRepeatingDoesNotExtendIt() {
        long claim = 200_000_000L;
        HistoryFront f = new HistoryFront(100, claim);
        long t0 = System.nanoTime();
        assertTrue(f.claim("<x@y>", a, t0));
        assertFalse(f.claim("<x@y>", b, t0), "another session: 431/436");
        assertTrue(f.claim("<x@y>", a, t0 + claim / 2), "the same session may ask again");
        assertFalse(f.claim("<x@y>", b, t0 + claim - 1), "…but that kept its first deadline, not a new one");
        assertTrue(f.claim("<x@y>", b, t0 + claim + 1), "a claim past its deadline is anyone's");
        f.release("<x@y>", a);
        assertFalse(f.claim("<x@y>", a, t0 + claim + 2), "only the holder releases");
        f.release("<x@y>", b);
        assertTrue(f.claim("<x@y>", a, t0 + claim + 3));
    }

    @Test
    void expiredClaimsLeaveByThemselvesAndAClosedSessionsGoAtOnce() {
        HistoryFront f = new HistoryFront(100, 50_000_000L);
        for (int i = 0; i < 1000; i++) {
            assertTrue(f.claim("<" + i + "@y>", a, System.nanoTime()));
        }
        assertTrue(f.claim("<b@y>", b, System.nanoTime()));
        f.releaseAll(b);
        assertEquals(1000, f.claims());
        await().atMost(Duration.ofSeconds(5)).until(() -> f.claims() == 0);
    }

    @Test
    void theStateCacheAndTheOffersAreBounded() {
        HistoryFront f = new HistoryFront(1000, 1_000_000_000L);
        for (int i = 0; i < 50_000; i++) {
            f.remember("<" + i + "@y>", 'A');
        }
        int kept = 0;
        for (int i = 0; i < 50_000; i++) {
            kept += f.cached("<" + i + "@y>") == null ? 0 : 1;
        }
        assertTrue(kept <= 1000, kept + " states kept");
        assertEquals(Character.valueOf('A'), f.cached("<49999@y>"), "the newest is kept");

        f.offered("<o@y>", "p");
        f.offered("<o@y>", "q");
        f.unoffered("<o@y>", "q");
        assertEquals(Set.of("p"), f.takeOffers("<o@y>"));
        assertEquals(Set.of(), f.takeOffers("<o@y>"), "taken once");
    }
}
