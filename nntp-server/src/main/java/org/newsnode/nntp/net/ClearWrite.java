package org.newsnode.nntp.net;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.filter.ssl.DisableEncryptWriteRequest;

/**
 * Writes that must leave without the layer about to start: the 382 to STARTTLS goes out
 * unencrypted (RFC 4642 §2.2.2), the 206 to COMPRESS uncompressed (RFC 8054 §2.2.2). The
 * layer's filter is added first, so nothing the client sends after the reply can get in
 * before it.
 */
public final class ClearWrite {
    private ClearWrite() {
    }

    static final class Unencrypted extends DefaultWriteRequest implements DisableEncryptWriteRequest {
        Unencrypted(IoBuffer b) {
            super(b);
        }
    }

    static final class Uncompressed extends DefaultWriteRequest {
        Uncompressed(IoBuffer b) {
            super(b);
        }
    }

    /** Writes {@code data} past a TLS filter already in the chain. */
    public static void unencrypted(IoSession io, byte[] data) {
        io.getFilterChain().fireFilterWrite(new Unencrypted(IoBuffer.wrap(data)));
    }

    /** Writes {@code data} past a {@link DeflateFilter} already in the chain. */
    public static void uncompressed(IoSession io, byte[] data) {
        io.getFilterChain().fireFilterWrite(new Uncompressed(IoBuffer.wrap(data)));
    }
}
