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
}
