package org.newsnode.storage.article;

/**
 * One header field as received. {@code value} is the field body unfolded (RFC 5322 §2.2.3)
 * with the leading space removed; strings are "byte strings" (ISO-8859-1, one char per octet)
 * so nothing is lost and the original octets come back with {@link Bytes#latin1(String)}.
 */
public record HeaderField(String name, String value, int start, int end) {
    /** Case-insensitive name test (RFC 5322 §1.2.2: field names are case-insensitive). */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
