package org.newsnode.nntp.codec;

/**
 * One command line or article took longer than server.input-timeout-seconds to arrive: a
 * client trickling bytes to hold the connection (slowloris). The session answers 400 and
 * closes (RFC 3977 §3.2.1: the server may end the session).
 */
public record InputTimeout(long seconds) {
}
