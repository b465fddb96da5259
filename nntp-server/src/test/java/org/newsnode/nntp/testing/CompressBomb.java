package org.newsnode.nntp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** A raw DEFLATE stream (RFC 8054) of 40 MB of DATE commands: about 40 KB on the wire. */
public final class CompressBomb {
    private CompressBomb() {
    }

    public static byte[] dates() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(wire, new Deflater(9, true), true)) {
            byte[] lines = "DATE\r\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 70; i++) {
                z.write(lines);
            }
            z.flush();
        }
        return wire.toByteArray();
    }
}
