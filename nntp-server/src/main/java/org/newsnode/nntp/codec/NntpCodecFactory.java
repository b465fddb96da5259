package org.newsnode.nntp.codec;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * A decoder per session; responses are written as ready-made IoBuffers (one per response),
 * which MINA's codec filter passes through, so the encoder only ever sees other types.
 */
public final class NntpCodecFactory implements ProtocolCodecFactory {
    /** RFC 3977 §3.1: a command line is at most 512 octets including CRLF. */
    public static final int MAX_COMMAND_LINE = 510;
    private static final AttributeKey DECODER = new AttributeKey(NntpCodecFactory.class, "decoder");

    private final int maxLine;
    private final int maxBlock;
    private final int inputTimeoutSeconds;

    public NntpCodecFactory(int maxLine, int maxBlock) {
        this(maxLine, maxBlock, 0);
    }

    public NntpCodecFactory(int maxLine, int maxBlock, int inputTimeoutSeconds) {
        this.maxLine = maxLine;
        this.maxBlock = maxBlock;
        this.inputTimeoutSeconds = inputTimeoutSeconds;
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return new ProtocolEncoderAdapter() {
            @Override
            public void encode(IoSession s, Object message, ProtocolEncoderOutput out) {
                throw new IllegalArgumentException("responses must be IoBuffers, not " + message.getClass());
            }
        };
    }

    /** MINA asks for the decoder on every read: keep one per session so a block may span reads. */
    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        NntpDecoder d = (NntpDecoder) session.getAttribute(DECODER);
        if (d == null) {
            d = new NntpDecoder(maxLine, maxBlock, inputTimeoutSeconds);
            session.setAttribute(DECODER, d);
        }
        return d;
    }
}
