package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** CLI listings: every column as wide as its widest cell, nothing cut, the last one free. */
class TableTest {
    @Test
    void columnsFitTheirWidestCellAndNothingIsCut() {
        StringWriter w = new StringWriter();
        new Table("GROUP", "COUNT", "DESCRIPTION")
                .row("a.very.long.group.name.beyond.forty.characters.x", 7, "d")
                .row("b", 12345, "a description with spaces that runs on")
                .print(new PrintWriter(w, true));
        assertEquals(String.join(System.lineSeparator(),
                "GROUP                                             COUNT  DESCRIPTION",
                "a.very.long.group.name.beyond.forty.characters.x  7      d",
                "b                                                 12345  a description with spaces that runs on", ""),
                w.toString());
    }
}
