package org.newsnode.storage.store;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.Bytes;

/**
 * Overview lines (RFC 3977 §8.3): the fields of LIST OVERVIEW.FMT, tab-separated, with
 * TAB, CR, LF and NUL in values replaced by a space. Stored without the article number,
 * which differs per group.
 */
public final class Overview {
    /**
     * LIST OVERVIEW.FMT (RFC 3977 §8.4): five headers, two metadata items, then Xref:full. The
     * metadata items in the "Bytes:"/"Lines:" form RFC 3977 allows for compatibility, as INN 2.7
     * sends them: slrn takes nothing else and would turn XOVER off (HDR/OVER still know :bytes).
     */
    public static final List<String> FORMAT =
            List.of("Subject:", "From:", "Date:", "Message-ID:", "References:", "Bytes:", "Lines:", "Xref:full");
    /** Header (or metadata) names in field order, for HDR from overview. */
    public static final List<String> FIELDS =
            List.of("Subject", "From", "Date", "Message-ID", "References", ":bytes", ":lines", "Xref");

    private Overview() {
    }

    /** The five header fields, each followed by a TAB. */
    static byte[] head(Article a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (int i = 0; i < 5; i++) {
            append(out, a.header(FIELDS.get(i)));
            out.write('\t');
        }
        return out.toByteArray();
    }

    /** The metadata items and Xref:full after {@link #head}. */
    static void finish(ByteArrayOutputStream out, int bytes, int lines, String xrefValue) {
        out.writeBytes(Bytes.latin1(Integer.toString(bytes)));
        out.write('\t');
        out.writeBytes(Bytes.latin1(Integer.toString(lines)));
        out.write('\t');
        out.writeBytes(Bytes.latin1("Xref: "));
        append(out, xrefValue);
    }

    private static void append(ByteArrayOutputStream out, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.write(c == '\t' || c == '\r' || c == '\n' || c == 0 ? ' ' : c);
        }
    }

    /**
     * The value of one field from a stored overview line (without number), or null when the
     * field is not in the overview. Header names are case-insensitive; the Xref value comes
     * without its "Xref: " prefix.
     */
    public static String field(byte[] overview, String name) {
        int index = -1;
        for (int i = 0; i < FIELDS.size(); i++) {
            if (FIELDS.get(i).equalsIgnoreCase(name)) {
                index = i;
            }
        }
        if (index < 0) {
            return null;
        }
        int start = 0;
        for (int f = 0; f < index; f++) {
            while (start < overview.length && overview[start] != '\t') {
                start++;
            }
            start++;
        }
        int end = start;
        while (end < overview.length && overview[end] != '\t') {
            end++;
        }
        String v = start >= overview.length ? "" : Bytes.latin1(overview, start, end - start);
        return index == 7 && v.regionMatches(true, 0, "Xref: ", 0, 6) ? v.substring(6) : v;
    }

    public static boolean isOverviewField(String name) {
        return FIELDS.stream().anyMatch(f -> f.equalsIgnoreCase(name));
    }
}
