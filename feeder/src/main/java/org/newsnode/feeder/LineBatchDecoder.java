package org.newsnode.feeder;

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
final class LineBatchDecoder extends ProtocolDecoderAdapter {
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

}
