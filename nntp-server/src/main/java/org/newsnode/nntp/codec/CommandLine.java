package org.newsnode.nntp.codec;

/**
 * One command line without its line end, as a byte string (ISO-8859-1, one char per octet).
 * {@code tooLong} marks a line over the limit (RFC 3977 §3.1: 512 octets with CRLF), whose
 * text is then cut.
 */
public record CommandLine(String text, boolean tooLong) {
}
