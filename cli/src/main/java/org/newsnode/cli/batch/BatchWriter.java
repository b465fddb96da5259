package org.newsnode.cli.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes articles as an rnews batch ("#! rnews N" + N octets with LF line ends, as rnews and
 * INN's batcher write them) or as an mbox (mboxrd: "From " lines quoted with ">").
 */
public final class BatchWriter implements AutoCloseable {
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final BatchReader.Format format;

    public BatchWriter(OutputStream out, BatchReader.Format format) {
        this.out = out;
        this.format = format;
    }

    /** Writes one article given in wire form (CRLF line ends, dot-stuffed, as stored). */
    public void write(byte[] wire, Instant arrived) throws IOException {
        byte[] article = unstuffToLf(wire);
        if (format == BatchReader.Format.RNEWS) {
            out.write(("#! rnews " + article.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(article);
            return;
        }
        out.write(("From newsnode@localhost " + ASCTIME.format(arrived) + "\n").getBytes(StandardCharsets.US_ASCII));
        int start = 0;
        for (int i = 0; i < article.length; i++) {
            if (article[i] == '\n') {
                writeQuoted(article, start, i + 1);
                start = i + 1;
            }
        }
        if (start < article.length) {
            writeQuoted(article, start, article.length);
            out.write('\n');
        }
        out.write('\n');
    }

    private void writeQuoted(byte[] a, int from, int to) throws IOException {
        int i = from;
        while (i < to && a[i] == '>') {
            i++;
        }
        if (to - i >= 5 && a[i] == 'F' && a[i + 1] == 'r' && a[i + 2] == 'o' && a[i + 3] == 'm' && a[i + 4] == ' ') {
            out.write('>');
        }
        out.write(a, from, to - from);
    }

    /** Wire form to file form: dot-stuffing removed (RFC 3977 §3.1.1), CRLF to LF. */
    static byte[] unstuffToLf(byte[] wire) {
        ByteArrayOutputStream a = new ByteArrayOutputStream(wire.length);
        boolean lineStart = true;
        for (int i = 0; i < wire.length; i++) {
            byte b = wire[i];
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            if (b == '\r' && i + 1 < wire.length && wire[i + 1] == '\n') {
                continue;
            }
            a.write(b);
            lineStart = b == '\n';
        }
        return a.toByteArray();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
