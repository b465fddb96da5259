package org.newsnode.cli.batch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads the articles of a batch file, one at a time: an rnews batch ("#! rnews N" then N
 * octets, the classic store-and-forward format), a gzip-compressed one (plain gzip, or after
 * a "#! gunbatch" line), or an mbox (articles after "From " lines, ">From" unquoted as in
 * mboxrd). Articles come back with CRLF line ends, as NNTP carries them.
 */
public final class BatchReader implements AutoCloseable {
    public enum Format { RNEWS, MBOX }

    /** One article of the batch: its octets, or null when its {@code size} is over the limit (skipped unread). */
    public record Item(byte[] octets, long size) {
        public boolean tooLarge() {
            return octets == null;
        }
    }

    /** The longest "#! rnews N" or "#! gunbatch" line taken. */
    private static final int MAX_HEADER_LINE = 1000;

    private final InputStream in;
    private final Format format;
    /** articles.max-size: larger articles are skipped as they are read, never held. */
    private final long maxArticle;
    private byte[] pendingFromLine;
    private boolean done;

    private BatchReader(InputStream in, Format format, long maxArticle) {
        this.in = in;
        this.format = format;
        this.maxArticle = maxArticle;
    }

    /**
     * Opens a batch, recognising gzip and the format from its first octets; no article over
     * {@code maxArticle} octets is ever held in memory (a small .gz may inflate to gigabytes).
     */
    public static BatchReader open(InputStream raw, long maxArticle) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
        body.mark(64);
        byte[] head = body.readNBytes(12);
        body.reset();
        String start = new String(head, StandardCharsets.ISO_8859_1);
        if (start.startsWith("#! gunbatch")) {
            readLine(body, MAX_HEADER_LINE);
            return open(body, maxArticle);
        }
        if (start.startsWith("#! rnews ")) {
            return new BatchReader(body, Format.RNEWS, maxArticle);
        }
        if (start.startsWith("From ")) {
            BatchReader r = new BatchReader(body, Format.MBOX, maxArticle);
            r.pendingFromLine = readLine(body, MAX_HEADER_LINE);
            return r;
        }
        throw new IOException(start.isEmpty() ? "empty file" : "neither an rnews batch (\"#! rnews N\") nor an mbox (\"From \")");
    }

    public Format format() {
        return format;
    }

    /** The next article with CRLF line ends, or null at the end. */
    public Item next() throws IOException {
        if (done) {
            return null;
        }
        return format == Format.RNEWS ? nextRnews() : nextMbox();
    }

    private Item nextRnews() throws IOException {
        byte[] line = readLine(in, MAX_HEADER_LINE);
        while (line != null && line.length == 0) {
            line = readLine(in, MAX_HEADER_LINE); // blank lines between articles are tolerated
        }
        if (line == null) {
            done = true;
            return null;
        }
        String header = new String(line, StandardCharsets.ISO_8859_1).strip();
        if (!header.startsWith("#! rnews ")) {
            throw new IOException("expected \"#! rnews N\", found \"" + printable(header) + "\"");
        }
        long n;
        try {
            n = Long.parseLong(header.substring(9).strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new IOException("bad article size in \"" + printable(header) + "\"");
        }
        if (n > maxArticle) {
            try {
                in.skipNBytes(n); // the size check comes before a single octet is kept
            } catch (java.io.EOFException e) {
                throw new IOException("the batch ends inside an article of " + n + " octets");
            }
            return new Item(null, n);
        }
        byte[] article = in.readNBytes((int) n);
        if (article.length < n) {
            throw new IOException("the batch ends inside an article (" + article.length + " of " + n + " octets)");
        }
        return new Item(crlf(article, 0, article.length), n);
    }

    private Item nextMbox() throws IOException {
        if (pendingFromLine == null) {
            done = true;
            return null;
        }
        ByteArrayOutputStream article = new ByteArrayOutputStream(4096);
        long size = 0;
        byte[] line;
        // a line may be as long as an article; past the limit the article is counted, not kept
        int lineLimit = (int) Math.min(Integer.MAX_VALUE - 8, maxArticle + 2);
        while ((line = readLine(in, lineLimit)) != null) {
            if (startsWith(line, "From ")) {
                pendingFromLine = line;
                return finishMbox(article, size);
            }
            int from = unquoteFrom(line) ? 1 : 0;
            size += line.length - from + 2;
            if (size <= maxArticle + 2) {
                article.write(line, from, line.length - from);
                article.write('\r');
                article.write('\n');
            } else {
                article.reset();
            }
        }
        pendingFromLine = null;
        return finishMbox(article, size);
    }

    /** The empty line mbox puts before the next "From " line is not part of the article. */
    private Item finishMbox(ByteArrayOutputStream article, long size) {
        if (size > maxArticle + 2) {
            return new Item(null, size);
        }
        byte[] a = article.toByteArray();
        int end = a.length;
        if (end >= 4 && a[end - 4] == '\r' && a[end - 3] == '\n' && a[end - 2] == '\r' && a[end - 1] == '\n') {
            end -= 2;
        }
        return end > maxArticle ? new Item(null, end) : new Item(java.util.Arrays.copyOf(a, end), end);
    }

    /** mboxrd: ">From ", ">>From " … lose one ">". */
    private static boolean unquoteFrom(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] == '>') {
            i++;
        }
        return i > 0 && startsWith(java.util.Arrays.copyOfRange(line, i, line.length), "From ");
    }

    private static boolean startsWith(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One line without its LF (and CR), or null at the end; a line over {@code limit} octets ends the batch. */
    private static byte[] readLine(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] l = line.toByteArray();
                return l.length > 0 && l[l.length - 1] == '\r' ? java.util.Arrays.copyOf(l, l.length - 1) : l;
            }
            if (line.size() >= limit) {
                throw new IOException("a line of over " + limit + " octets: not a batch this node would take");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    /** Bare LF line ends become CRLF; CRLF stays. */
    static byte[] crlf(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + (to - from) / 30 + 2);
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' && (i == from || b[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return t.replaceAll("[\\x00-\\x1f\\x7f]", "?");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
