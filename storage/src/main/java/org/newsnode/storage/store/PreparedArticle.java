package org.newsnode.storage.store;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.Bytes;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.article.WireFormat;

/**
 * An article made ready for the writer by the thread that received it: everything about
 * its stored form except the Xref field, which needs the article numbers only the writer
 * can give. The writer then only joins three byte arrays, so the serial part of storing
 * (one writer at a time) does no parsing, rewriting or dot-stuffing.
 */
final class PreparedArticle {
    /** Dot-stuffed header up to the empty line, Xref removed (and Path replaced when relayed). */
    private final byte[] head;
    /** Dot-stuffed empty line and body, ending in CRLF. */
    private final byte[] tail;
    /** Octets of the empty line at the start of {@link #tail}. */
    private final int blankLength;
    /** Size of the stored article (unstuffed) without its Xref line. */
    private final int sizeWithoutXref;
    /** Overview fields up to and including the TAB before :bytes. */
    private final byte[] overviewHead;
    private final int bodyLines;
    final String path;
    final String distribution;
    final List<String> newsgroups;
    final long expires;

    private PreparedArticle(byte[] head, byte[] tail, int blankLength, int sizeWithoutXref, byte[] overviewHead,
                            int bodyLines, String path, String distribution, List<String> newsgroups, long expires) {
        this.head = head;
        this.tail = tail;
        this.blankLength = blankLength;
        this.sizeWithoutXref = sizeWithoutXref;
        this.overviewHead = overviewHead;
        this.bodyLines = bodyLines;
        this.path = path;
        this.distribution = distribution;
        this.newsgroups = newsgroups;
        this.expires = expires;
    }

    /** Prepares {@code a}; a non-null {@code relayPath} becomes its Path field body (RFC 5537 §3.6). */
    static PreparedArticle of(Article a, String relayPath) {
        byte[] header = relayPath == null ? a.headerWithout(List.of("Xref"), List.of())
                : a.headerWithout(List.of("Xref", "Path"), List.of("Path: " + relayPath));
        byte[] tail;
        int blank;
        int tailSize;
        if (a.headerEnd() == a.size()) {
            tail = new byte[] {'\r', '\n'}; // a header-only article still gets its empty line
            blank = 2;
            tailSize = 2;
        } else {
            tail = WireFormat.dotStuff(a.raw(), a.headerEnd(), a.size());
            blank = a.bodyStart() - a.headerEnd();
            tailSize = a.tailSize();
        }
        java.time.Instant expires = NetnewsDates.parse(a.header("Expires"));
        return new PreparedArticle(WireFormat.dotStuff(header, 0, header.length), tail, blank,
                header.length + tailSize, Overview.head(a), a.bodyLines(),
                relayPath == null ? a.header("Path") : relayPath, a.header("Distribution"),
                a.newsgroups(), expires == null ? 0 : expires.toEpochMilli());
    }

    /** The Xref line for these numbers' field body. */
    private static byte[] xrefLine(String xref) {
        return Bytes.latin1("Xref: " + xref + "\r\n");
    }

    /** The stored wire form with its Xref field (RFC 5536 §3.2.14) last in the header. */
    Stored withXref(String xref) {
        byte[] line = xrefLine(xref);
        byte[] wire = new byte[head.length + line.length + tail.length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(line, 0, wire, head.length, line.length);
        System.arraycopy(tail, 0, wire, head.length + line.length, tail.length);
        ByteArrayOutputStream ov = new ByteArrayOutputStream(overviewHead.length + 64);
        ov.writeBytes(overviewHead);
        Overview.finish(ov, sizeWithoutXref + line.length, bodyLines, xref);
        return new Stored(wire, head.length + line.length + blankLength, ov.toByteArray());
    }

    /** Wire bytes, where the body starts in them, and the overview line. */
    record Stored(byte[] wire, int bodyOffset, byte[] overview) {
    }
}
