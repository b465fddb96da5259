package org.newsnode.storage.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
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
}
