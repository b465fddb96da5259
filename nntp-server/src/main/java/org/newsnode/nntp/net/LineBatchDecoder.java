package org.newsnode.nntp.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * The peer's response lines, handed over as one list per read: the link answers a burst of
 * 238s with one write of TAKETHIS articles instead of one write (and one TLS record) each.
 * Lines end in LF (CR before it dropped); a line over the limit is cut there.
 */
public final class LineBatchDecoder extends ProtocolDecoderAdapter {
    private static final int MAX_LINE = 4096;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        List<String> lines = new ArrayList<>();
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int n = partial.length();
                if (n > 0 && partial.charAt(n - 1) == '\r') {
                    partial.setLength(n - 1);
                }
                lines.add(partial.toString());
                partial.setLength(0);
            } else if (partial.length() < MAX_LINE) {
                partial.append((char) (b & 0xFF)); // ISO-8859-1: one char per octet
            }
        }
        if (!lines.isEmpty()) {
            out.write(lines);
        }
    }

    /**
     * The codec of a connection that offers articles (dialled by the feeder or handed over by
     * the server): response lines in as {@code List<String>} per read, IoBuffers out untouched.
     */
    public static org.apache.mina.filter.codec.ProtocolCodecFilter codec() {
        return new org.apache.mina.filter.codec.ProtocolCodecFilter(new org.apache.mina.filter.codec.ProtocolCodecFactory() {
            @Override
            public org.apache.mina.filter.codec.ProtocolEncoder getEncoder(IoSession session) {
                return new org.apache.mina.filter.codec.ProtocolEncoderAdapter() {
                    @Override
                    public void encode(IoSession s, Object message, org.apache.mina.filter.codec.ProtocolEncoderOutput out) {
                        out.write(message); // the offering side writes IoBuffers, which pass the codec untouched
                    }
                };
            }

            @Override
            public org.apache.mina.filter.codec.ProtocolDecoder getDecoder(IoSession session) {
                // one decoder per session: it holds a partial line between reads
                Object d = session.getAttribute(LineBatchDecoder.class);
                if (d == null) {
                    d = new LineBatchDecoder();
                    session.setAttribute(LineBatchDecoder.class, d);
                }
                return (LineBatchDecoder) d;
            }
        });
    }
}
