package org.newsnode.storage.article;

import java.io.ByteArrayOutputStream;

/** The NNTP multi-line data block form (RFC 3977 §3.1.1): dot-stuffing, CRLF line ends. */
public final class WireFormat {
    private WireFormat() {
    }

    /**
     * Dot-stuffs raw[from, to), which must start at a line start; makes sure the result ends
     * with CRLF when it is not empty. The terminating "." line is not added.
     */
    public static byte[] dotStuff(byte[] raw, int from, int to) {
        if (!needsStuffing(raw, from, to)) {
            // the common case: one copy, plus CRLF when the last line lacks it
            boolean terminated = to == from || raw[to - 1] == '\n';
            byte[] out = java.util.Arrays.copyOfRange(raw, from, terminated ? to : to + 2);
            if (!terminated) {
                out[out.length - 2] = '\r';
                out[out.length - 1] = '\n';
            }
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 64);
        boolean lineStart = true;
        int runStart = from;
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (lineStart && b == '.') {
                out.write(raw, runStart, i - runStart);
                out.write('.');
                runStart = i;
            }
            lineStart = b == '\n';
        }
        out.write(raw, runStart, to - runStart);
        if (to > from && raw[to - 1] != '\n') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static boolean needsStuffing(byte[] raw, int from, int to) {
        if (to > from && raw[from] == '.') {
            return true;
        }
        for (int i = from; i < to - 1; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '.') {
                return true;
            }
        }
        return false;
    }

    /** The octets a dot-stuffed block stands for: a line's leading ".." becomes "." (RFC 3977 §3.1.1). */
    public static byte[] undotStuff(byte[] wire) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length);
        boolean lineStart = true;
        for (int i = 0; i < wire.length; i++) {
            byte b = wire[i];
            if (lineStart && b == '.' && i + 1 < wire.length && wire[i + 1] == '.') {
                lineStart = false;
                continue; // the stuffed dot
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }
}
