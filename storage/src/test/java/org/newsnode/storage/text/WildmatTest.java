package org.newsnode.storage.text;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WildmatTest {
    @Test
    void rfc3977Examples() {
        // RFC 3977 §4.4 examples
        Wildmat w = Wildmat.parse("a*,!*b,*c*");
        assertTrue(w.matches("aaa"));
        assertFalse(w.matches("abb"));
        assertTrue(w.matches("ccb"));
        assertFalse(w.matches("xxx"));
        Wildmat v = Wildmat.parse("a*,!*b");
        assertFalse(v.matches("ccb"));
        assertTrue(v.matches("aaa"));
    }

    @Test
    void starQuestionAndClasses() {
        assertTrue(Wildmat.parse("comp.*").matches("comp.lang.java"));
        assertFalse(Wildmat.parse("comp.*").matches("comp"));
        assertTrue(Wildmat.parse("*").matches(""));
        assertTrue(Wildmat.parse("a?c").matches("abc"));
        assertFalse(Wildmat.parse("a?c").matches("ac"));
        assertTrue(Wildmat.parse("a[bx]c").matches("axc"));
        assertTrue(Wildmat.parse("a[a-c]d").matches("abd"));
        assertFalse(Wildmat.parse("a[^a-c]d").matches("abd"));
        assertTrue(Wildmat.parse("*a*b*c*").matches("xxaxxbxxcxx"));
        assertFalse(Wildmat.parse("*a*b*c").matches("xxaxxbxxcxxd"));
        assertTrue(Wildmat.parse("a\\*").matches("a*"));
        assertFalse(Wildmat.parse("a\\*").matches("ab"));
    }

    @Test
    void lastMatchWins() {
        assertTrue(Wildmat.parse("*,!alt.*,alt.good").matches("alt.good"));
        assertFalse(Wildmat.parse("*,!alt.*,alt.good").matches("alt.bad"));
        assertTrue(Wildmat.parse("*,!alt.*,alt.good").matches("comp.x"));
    }

    @Test
    void invalid() {
        assertFalse(Wildmat.isValid("a,,b"));
        assertFalse(Wildmat.isValid("!"));
        assertTrue(Wildmat.isValid("a,!b"));
    }
}
