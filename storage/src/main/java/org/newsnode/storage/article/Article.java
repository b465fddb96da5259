package org.newsnode.storage.article;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An article: its octets exactly as received (CRLF line ends, not dot-stuffed) plus an
 * index of its header fields. Header names are case-insensitive; values are unfolded byte
 * strings. Parsing uses no charset at all (RFC 5536 articles are octets, not text).
 */
public final class Article {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[] raw;
    private final int headerEnd;
    private final int bodyStart;
    private final List<HeaderField> fields;
    /** Newsgroups parsed once per article (see {@link #newsgroups}); Optional.empty() when invalid. */
    private java.util.Optional<List<String>> newsgroups;

    private Article(byte[] raw, int headerEnd, int bodyStart, List<HeaderField> fields) {
        this.raw = raw;
        this.headerEnd = headerEnd;
        this.bodyStart = bodyStart;
        this.fields = fields;
    }

    /**
     * Parses the header section. Rejects a header line without colon, a continuation line with
     * no field before it, an empty field name and NUL octets in the header (RFC 5322 §2.2).
     */
    public static Article parse(byte[] raw) throws ArticleFormatException {
        List<HeaderField> fields = new ArrayList<>();
        int pos = 0;
        int n = raw.length;
        int fieldStart = -1;
        int headerEnd = -1;
        int bodyStart = n;
        while (pos < n) {
            int eol = lineEnd(raw, pos);
            int next = eol < n ? eol + 1 : n;
            int contentEnd = (eol > pos && eol < n && raw[eol - 1] == CR) ? eol - 1 : Math.min(eol, n);
            if (contentEnd == pos) {
                // the empty line that separates header and body (RFC 5322 §2.1)
                headerEnd = pos;
                bodyStart = next;
                break;
            }
            byte first = raw[pos];
            if (first == ' ' || first == '\t') {
                if (fieldStart < 0) {
                    throw new ArticleFormatException("Continuation line with no header field before it");
                }
            } else {
                if (fieldStart >= 0) {
                    fields.add(field(raw, fieldStart, pos));
                }
                fieldStart = pos;
                checkFieldName(raw, pos, contentEnd);
            }
            for (int i = pos; i < contentEnd; i++) {
                if (raw[i] == 0) {
                    throw new ArticleFormatException("Nul character in header");
                }
            }
            pos = next;
        }
        if (headerEnd < 0) {
            headerEnd = n;
            bodyStart = n;
        }
        if (fieldStart >= 0) {
            fields.add(field(raw, fieldStart, headerEnd));
        }
        return new Article(raw, headerEnd, bodyStart, Collections.unmodifiableList(fields));
    }

    /**
     * The names in Newsgroups (RFC 5536 §3.1.4), duplicates removed, parsed once and kept: every
     * check on the way in asks for them. Null when the field is missing or a name is invalid.
     */
    public List<String> newsgroups() {
        java.util.Optional<List<String>> parsed = newsgroups;
        if (parsed == null) {
            String v = header("Newsgroups");
            parsed = java.util.Optional.ofNullable(v == null ? null : NewsgroupNames.parseList(v));
            newsgroups = parsed; // immutable value: a race only parses twice
        }
        return parsed.orElse(null);
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == LF) {
                return i;
            }
        }
        return raw.length;
    }

    private static void checkFieldName(byte[] raw, int pos, int contentEnd) throws ArticleFormatException {
        int colon = pos;
        while (colon < contentEnd && raw[colon] != ':') {
            colon++;
        }
        if (colon == contentEnd) {
            throw new ArticleFormatException("Header line without colon: "
                    + printable(Bytes.latin1(raw, pos, contentEnd - pos)));
        }
        if (colon == pos) {
            throw new ArticleFormatException("Header field with empty name");
        }
        for (int i = pos; i < colon; i++) {
            int b = raw[i] & 0xff;
            // RFC 5322 §3.6.8: ftext is printable US-ASCII except colon
            if (b < 33 || b > 126) {
                throw new ArticleFormatException("Invalid header field name: "
                        + printable(Bytes.latin1(raw, pos, colon - pos)));
            }
        }
    }

    private static HeaderField field(byte[] raw, int start, int end) {
        int colon = start;
        while (raw[colon] != ':') {
            colon++;
        }
        String name = Bytes.latin1(raw, start, colon - start);
        StringBuilder value = new StringBuilder(end - colon);
        for (int i = colon + 1; i < end; i++) {
            byte b = raw[i];
            if (b == CR || b == LF) {
                continue; // unfold: remove the CRLF, keep the following whitespace (RFC 5322 §2.2.3)
            }
            value.append((char) (b & 0xff));
        }
        int lead = 0;
        while (lead < value.length() && (value.charAt(lead) == ' ' || value.charAt(lead) == '\t')) {
            lead++;
        }
        int trail = value.length();
        while (trail > lead && (value.charAt(trail - 1) == ' ' || value.charAt(trail - 1) == '\t')) {
            trail--;
        }
        return new HeaderField(name, value.substring(lead, trail), start, end);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 32 || c == 127 ? '?' : c);
        }
        return b.toString();
    }

    /** The raw octets (CRLF, not dot-stuffed). Do not modify. */
    public byte[] raw() {
        return raw;
    }

    public int size() {
        return raw.length;
    }

    /** Offset of the empty line ending the header section (or the end when there is none). */
    public int headerEnd() {
        return headerEnd;
    }

    /** Offset of the first body octet. */
    public int bodyStart() {
        return bodyStart;
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /** The first field of that name, unfolded, or null. */
    public String header(String name) {
        for (HeaderField f : fields) {
            if (f.is(name)) {
                return f.value();
            }
        }
        return null;
    }

    public int count(String name) {
        int c = 0;
        for (HeaderField f : fields) {
            if (f.is(name)) {
                c++;
            }
        }
        return c;
    }

    /** Number of body lines (the :lines metadata item, RFC 3977 §8.1). */
    public int bodyLines() {
        int lines = 0;
        for (int i = bodyStart; i < raw.length; i++) {
            if (raw[i] == LF) {
                lines++;
            }
        }
        if (raw.length > bodyStart && raw[raw.length - 1] != LF) {
            lines++;
        }
        return lines;
    }

    /** True when a NUL octet appears in the body. */
    public boolean bodyHasNul() {
        for (int i = bodyStart; i < raw.length; i++) {
            if (raw[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header as it would be rewritten, up to (not including) the empty line: the
     * {@code prepend} lines (without CRLF), then every field not named in {@code removeNames}.
     */
    public byte[] headerWithout(List<String> removeNames, List<String> prepend) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(headerEnd + 256);
        for (String line : prepend) {
            out.writeBytes(Bytes.latin1(line));
            out.write(CR);
            out.write(LF);
        }
        int copied = 0;
        for (HeaderField f : fields) {
            for (String r : removeNames) {
                if (f.is(r)) {
                    out.write(raw, copied, f.start() - copied); // a field spans [start, end) with its folded lines
                    copied = f.end();
                    break;
                }
            }
        }
        out.write(raw, copied, headerEnd - copied);
        return out.toByteArray();
    }

    /** Octets from the empty line to the end (the empty line and the body). */
    public int tailSize() {
        return raw.length - headerEnd;
    }

    /**
     * A copy with the named fields removed and the given lines (without CRLF) added: the
     * {@code prepend} lines at the top, the {@code append} lines at the end of the header.
     */
    public Article rewrite(List<String> removeNames, List<String> prepend, List<String> append) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length + 256);
        for (String line : prepend) {
            out.writeBytes(Bytes.latin1(line));
            out.write(CR);
            out.write(LF);
        }
        int copied = 0;
        for (HeaderField f : fields) {
            boolean drop = false;
            for (String r : removeNames) {
                drop |= f.is(r);
            }
            if (drop) {
                // a field spans [start, end) including its folded lines and final CRLF
                out.write(raw, copied, f.start() - copied);
                copied = f.end();
            }
        }
        out.write(raw, copied, headerEnd - copied);
        for (String line : append) {
            out.writeBytes(Bytes.latin1(line));
            out.write(CR);
            out.write(LF);
        }
        if (headerEnd == raw.length) {
            out.write(CR); // a header-only article still needs its empty separator line
            out.write(LF);
        } else {
            out.write(raw, headerEnd, raw.length - headerEnd);
        }
        byte[] bytes = out.toByteArray();
        try {
            return parse(bytes);
        } catch (ArticleFormatException e) {
            throw new IllegalStateException("rewriting a parsed article broke it", e);
        }
    }
}
