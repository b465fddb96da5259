package org.newsnode.nntp.codec;

import java.util.List;

/**
 * Everything decoded from one read, in order (command lines and article blocks), handed to
 * the session at once so that all their replies leave in one write: one system call for a
 * window of pipelined CHECKs instead of one per answer.
 */
public record InputBatch(List<Object> messages) {
}
