package org.newsnode.storage.text;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedPatternTest {
    @Test
    void excludeAndPoisonAsInnNewsfeeds() {
        FeedPattern p = FeedPattern.parse("*,!local.*,@alt.binaries.*");
        assertTrue(p.wants(List.of("comp.lang.java")));
        assertFalse(p.wants(List.of("local.test")), "excluded group alone");
        assertTrue(p.wants(List.of("local.test", "comp.lang.java")), "an excluded group does not stop a crosspost");
        assertFalse(p.wants(List.of("comp.lang.java", "alt.binaries.x")), "a poisoned group stops the whole article");
        assertFalse(FeedPattern.parse("comp.*").wants(List.of("alt.x")));
        assertTrue(FeedPattern.parse("comp.*, alt.x").wants(List.of("alt.x")), "spaces after commas are allowed");
        assertThrows(IllegalArgumentException.class, () -> FeedPattern.parse("a,,b"));
    }
}
