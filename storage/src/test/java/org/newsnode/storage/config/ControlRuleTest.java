package org.newsnode.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** control.ctl lines read as INN's controlchan reads them. */
class ControlRuleTest {

    @Test
    void alternativesInEveryFieldAsControlchan() {
        ControlRule r = ControlRule.parse("newgroup|rmgroup:*@example.org|admin@*.test:local.*|test.*:verify-local.admin");
        assertEquals(ControlRule.Action.VERIFY, r.action());
        assertEquals("local.admin", r.signer());
        assertTrue(r.matches("newgroup", "news@example.org", "local.talk"));
        assertTrue(r.matches("RMGROUP", "Admin@Box.Test", "test.x"), "type and address without regard to case");
        assertFalse(r.matches("checkgroups", "news@example.org", "local.talk"));
        assertFalse(r.matches("newgroup", "news@example.com", "local.talk"));
        assertFalse(r.matches("newgroup", "news@example.org", "comp.lang"));
    }

    @Test
    void allMatchesAnyTypeAndTheLogfileSuffixIsAccepted() {
        ControlRule r = ControlRule.parse("all:*:*:log=miscctl");
        assertEquals(ControlRule.Action.LOG, r.action());
        assertTrue(r.matches("sendsys", "x@y", "z"));
        assertTrue(ControlRule.parse("checkgroups|all:*:*:drop").matches("version", "x@y", "z"));
    }

    @Test
    void badLinesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRule.parse("newgroup:*:*"))
                .getMessage().contains("is not message:from:newsgroups:action"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRule.parse("new group|:*:*:doit"))
                .getMessage().contains("is not a control message type or all"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRule.parse("newgroup:*:*:obey"))
                .getMessage().contains("is not an action"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRule.parse("newgroup:*:local.*|:doit"))
                .getMessage().contains("is not a pattern"));
    }
}
