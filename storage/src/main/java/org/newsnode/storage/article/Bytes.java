package org.newsnode.storage.article;

import java.nio.charset.StandardCharsets;

/** Conversions between octets and "byte strings" (one char per octet), never the platform charset. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Decodes a byte string as UTF-8 for display (invalid sequences become U+FFFD). */
    public static String displayUtf8(String byteString) {
        return new String(latin1(byteString), StandardCharsets.UTF_8);
    }

    /** Encodes text as UTF-8 and returns it as a byte string. */
    public static String fromUtf8(String text) {
        return latin1(text.getBytes(StandardCharsets.UTF_8));
    }
}
