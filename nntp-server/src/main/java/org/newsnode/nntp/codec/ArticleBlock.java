package org.newsnode.nntp.codec;

/**
 * A multi-line data block (an article) with dot-stuffing undone and every line ending in
 * CRLF. When it exceeded the size limit its bytes were read and dropped while reading:
 * {@code data} is then empty and {@code size} tells how large it was.
 */
public record ArticleBlock(byte[] data, long size, boolean tooLarge, boolean bareLineFeeds) {
}
