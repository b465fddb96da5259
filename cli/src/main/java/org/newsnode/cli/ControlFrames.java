package org.newsnode.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control channel's framing. Request: argument count, then each argument as length and
 * UTF-8 octets. Reply: frames of a type octet, a length and a payload — standard output and
 * error text, data for a file the CLI opened (export), keep-alives while a command runs, and
 * the exit code last.
 */
final class ControlFrames {
    static final int MAX_ARGS = 256;
    static final int MAX_ARG = 64 * 1024;
    static final int MAX_FRAME = 1 << 20;

    static final byte OUT = 'o';
    static final byte ERR = 'e';
    static final byte DATA = 'd';
    static final byte KEEPALIVE = 'k';
    static final byte EXIT = 'x';

    private ControlFrames() {
    }

    static void writeRequest(DataOutputStream out, List<String> argv) throws IOException {
        out.writeInt(argv.size());
        for (String a : argv) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        out.flush();
    }

    /** Reads a request within the bounds; throws on anything outside them. */
    static List<String> readRequest(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new IOException("too many arguments: " + n);
        }
        List<String> argv = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > MAX_ARG) {
                throw new IOException("argument too long: " + len);
            }
            byte[] b = in.readNBytes(len);
            if (b.length != len) {
                throw new EOFException("request cut short");
            }
            argv.add(new String(b, StandardCharsets.UTF_8));
        }
        return argv;
    }

    /** One reply frame, or null at the end of the stream. */
    record Frame(byte type, byte[] payload) {
        int exitCode() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int len = in.readInt();
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("control reply frame of " + len + " octets");
        }
        byte[] p = in.readNBytes(len);
        if (p.length != len) {
            throw new EOFException("control reply cut short");
        }
        return new Frame((byte) type, p);
    }
}
