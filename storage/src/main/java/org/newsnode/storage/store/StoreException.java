package org.newsnode.storage.store;

/** A storage failure the caller cannot fix by changing its input (database error, shutdown). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
