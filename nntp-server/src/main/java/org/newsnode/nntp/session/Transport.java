package org.newsnode.nntp.session;

/** What a session needs from the connection under it (MINA in production, a list in tests). */
public interface Transport {
    /** Sends octets; several sends of one response keep their order. */
    void send(byte[] data, int off, int len);

    /** The next octets from the client are a data block (an article). */
    void expectBlock();

    /**
     * Holds what is sent until {@link #uncork}, so the answers to a burst of pipelined
     * commands (a streaming peer's CHECKs) leave in one write instead of one each.
     */
    void cork();

    /** Writes what was held since {@link #cork} and sends directly again. */
    void uncork();

    /** Closes after everything sent so far has been written. */
    void close();

    /** Stops reading from the client (too much pipelined input waiting). */
    void suspendRead();

    void resumeRead();

    /** host:port of the client, for logs and Injection-Info. */
    String remoteAddress();

    /** The client's IP address alone. */
    String remoteHost();

    /**
     * Sends {@code reply} in clear text and puts TLS under everything that follows (STARTTLS,
     * RFC 4642 §2.2.2); whatever the client sent after the command is dropped.
     */
    void startTls(byte[] reply);

    /** Sends {@code reply} uncompressed and compresses both directions after it (RFC 8054 §2.2.2). */
    void startCompression(byte[] reply);

    /** True when the connection can do STARTTLS (the node has a certificate). */
    boolean tlsAvailable();

    /** Octets sent and not yet written to the socket (the client is not reading them). */
    default long pendingOutput() {
        return 0;
    }

    /** Closes at once, dropping unsent output (a client that stopped reading). */
    default void closeNow() {
        close();
    }

    /** One line on what the layers did, for the session's closing log line ("" when none). */
    default String layers() {
        return "";
    }
}
