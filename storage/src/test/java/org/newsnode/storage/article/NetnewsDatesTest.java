package org.newsnode.storage.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetnewsDatesTest {
    @Test
    void rfc5322AndObsoleteForms() {
        Instant t = Instant.parse("2026-11-21T09:00:00Z");
        assertEquals(t, NetnewsDates.parse("Sat, 21 Nov 2026 09:00:00 +0000"));
        assertEquals(t, NetnewsDates.parse("21 Nov 2026 09:00:00 GMT"));
        assertEquals(t, NetnewsDates.parse("Sat, 21 Nov 2026 10:00:00 +0100 (CET)"));
        assertEquals(t, NetnewsDates.parse("Sat, 21 nov 26 04:00:00 EST"), "two-digit year, named zone");
        assertEquals(t, NetnewsDates.parse("Sat,21 Nov 2026 09:00 UT"), "no seconds, no space after comma");
        assertEquals(t, NetnewsDates.parse("Sat, 21 Nov 2026 09:00:00 -0000 (UTC)"));
        assertEquals(t, NetnewsDates.parse(NetnewsDates.format(t)));
    }

    @Test
    void garbage() {
        assertNull(NetnewsDates.parse("yesterday"));
        assertNull(NetnewsDates.parse("Sat, 32 Nov 2026 09:00:00 +0000"));
        assertNull(NetnewsDates.parse("Sat, 21 Foo 2026 09:00:00 +0000"));
        assertNull(NetnewsDates.parse("Sat, 21 Nov 2026 25:00:00 +0000"));
        assertNull(NetnewsDates.parse("Sat, 21 Nov 2026 09:00:00 +9900"));
        assertNull(NetnewsDates.parse(""));
        assertNull(NetnewsDates.parse(null));
    }

    @Test
    void formatsAsTheRfc5322PatternDoes() {
        DateTimeFormatter pattern = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
        Random r = new Random(5322);
        for (int i = 0; i < 20_000; i++) {
            // years 1000-9999 go by hand, the rest through the pattern: both must read as the pattern writes
            long seconds = i % 10 == 0 ? r.nextLong() % 400_000_000_000L : r.nextLong() % 8_000_000_000L;
            Instant t = Instant.ofEpochSecond(seconds, r.nextInt(1_000_000_000));
            assertEquals(pattern.format(t.atZone(ZoneOffset.UTC)), NetnewsDates.format(t), t.toString());
        }
        assertEquals("Thu, 3 Dec 2026 09:05:07 +0000", NetnewsDates.format(Instant.parse("2026-12-03T09:05:07.999Z")));
    }

    @Test
    void separatorsAndEndsAsBefore() {
        Instant t = Instant.parse("2026-11-21T09:00:00Z");
        assertEquals(t, NetnewsDates.parse(" ,Sat,\t21 Nov\t\t2026 09:00:00 +0000, "), "commas, tabs and blanks at the ends");
        assertEquals(t, NetnewsDates.parse("\r\nSat, 21 Nov 2026 09:00:00 +0000\r\n"), "control characters at the ends");
        assertEquals(t, NetnewsDates.parse("Sat, 21 Nov 2026 09:00:00 +0000 trailing words ignored"));
        assertEquals(t, NetnewsDates.parse("21,Nov,2026,09:00:00"), "commas as separators, no zone");
        assertNull(NetnewsDates.parse("Sat, 21 Nov 2026"), "too few words");
        assertNull(NetnewsDates.parse(" , , "));
    }
}
