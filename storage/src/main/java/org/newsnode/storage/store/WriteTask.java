package org.newsnode.storage.store;

import java.sql.SQLException;

/** A unit of work run by the single writer inside a batch transaction. */
@FunctionalInterface
public interface WriteTask<T> {
    T run(WriteTransaction tx) throws SQLException;
}
