package org.newsnode.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * A CLI listing as picocli's TextTable lays it out: a header row, then one row per item,
 * each column as wide as its widest cell (nothing is cut), the last one free to run on, no
 * colours (the output is read by scripts as often as by people).
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
        }
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        Column[] cols = new Column[columns];
        for (int c = 0; c < columns; c++) {
            int width = 1;
            for (String[] r : rows) {
                width = Math.max(width, r[c].length());
            }
            // two spaces between columns; the last column spans whatever is left
            cols[c] = new Column(c == columns - 1 ? Math.max(width, 1) + 1 : width + 2, 0,
                    c == columns - 1 ? Column.Overflow.SPAN : Column.Overflow.TRUNCATE);
        }
        TextTable t = TextTable.forColumns(Help.defaultColorScheme(Help.Ansi.OFF), cols);
        for (String[] r : rows) {
            t.addRowValues(r);
        }
        for (String line : t.toString().split("\n")) {
            out.println(line.stripTrailing());
        }
    }
}
