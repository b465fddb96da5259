package org.newsnode.storage.article;

/** An article that is not a well-formed RFC 5536 article; the message says what is wrong. */
public class ArticleFormatException extends Exception {
    public ArticleFormatException(String message) {
        super(message);
    }
}
