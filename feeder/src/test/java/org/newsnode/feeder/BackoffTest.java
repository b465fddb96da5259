package org.newsnode.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backoff policy without a timer: doubling with a cap, jitter, quick retries of a restarting peer. */
class BackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void doublesFromHalfASecondToAMinuteAndStartsOverOnlyOnceUp() {
        Backoff b = new Backoff();
        long[] want = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (long w : want) {
            assertEquals(w, b.next(0, 0));
        }
        b.connected(); // a connection that then fails (a refused login) does not start over
        assertEquals(60_000, b.next(0, 0));
        b.up();
        assertEquals(500, b.next(0, 0));
    }

    @Test
    void jitterSpreadsByUpToAQuarter() {
        assertEquals(500 + 125, new Backoff().next(0, 0.999));
        assertEquals(500, new Backoff().next(0, 0));
    }

    @Test
    void aPeerThatRefusesConnectionsIsAskedEveryQuarterSecondForThirtySeconds() {
        Backoff b = new Backoff();
        assertFalse(b.connectFailed(true), "the first refusal is said");
        long t = 5 * S;
        for (int i = 0; i < 20; i++) {
            assertEquals(Backoff.REFUSED_RETRY_MS, b.next(t, 0));
            assertTrue(b.connectFailed(true), "the quick retries are not said again");
            t += S / 4;
        }
        long later = 5 * S + Backoff.RESTART_WINDOW_MS * 1_000_000L;
        assertTrue(b.next(later, 0) > Backoff.REFUSED_RETRY_MS, "after 30 s it is an outage: the doubling applies");
        b.forget();
        assertEquals(500, b.next(later, 0), "flush forgets the growth");
    }

    @Test
    void aPeerStillRefusingAfterTheRestartWindowIsAskedAtLeastEveryTenSecondsAndATimeoutBacksOffToAMinute() {
        Backoff b = new Backoff();
        b.connectFailed(true);
        long t = 0;
        long last = 0;
        while (t < 120 * S) { // past the window, the doubling climbs to the refused cap and stays there
            last = b.next(t, 0.999);
            assertTrue(last <= Backoff.REFUSED_MAX_MS * 5 / 4 + 1, "refused: at most ten seconds apart (and the jitter)");
            t += last * 1_000_000L;
        }
        assertTrue(last > Backoff.REFUSED_MAX_MS, "the cap is reached, jittered");
        assertEquals(Backoff.REFUSED_MAX_MS, b.next(t, 0));
        b.connectFailed(false); // no answer at all (a timeout, a host down): the full backoff
        assertEquals(Backoff.MAX_MS, b.next(t, 0));
    }
}
