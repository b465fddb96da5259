package org.newsnode.nntp.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one response in memory so it goes out in a single write: status line, optional
 * multi-line data block (dot-stuffed by the caller where needed) and terminator. Writing
 * status and data separately would let Nagle and delayed ACKs stall every response ~40 ms.
 * Big responses (OVER of a whole group) are sent in large chunks as they are built.
 */
public final class Response {
    private static final int CHUNK = 256 * 1024;

    /** Where finished octets go (the session, which keeps replies in command order). */
    @FunctionalInterface
    interface Sink {
        void send(byte[] data, int off, int len);
    }

    private final Sink sink;
    private byte[] buf = new byte[512];
    private int len;

    Response(Sink sink) {
        this.sink = sink;
    }

    /** Appends a line given as a byte string (ISO-8859-1), adding CRLF. */
    public Response line(String text) {
        ensure(text.length() + 2);
        for (int i = 0; i < text.length(); i++) {
            buf[len++] = (byte) text.charAt(i);
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    /** Appends a line of Unicode text encoded as UTF-8 (RFC 3977 §3.1: responses are UTF-8). */
    public Response utf8Line(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8)).line("");
    }

    /** Appends a data line that might start with "." (dot-stuffed here, RFC 3977 §3.1.1). */
    public Response dataLine(String text) {
        if (text.startsWith(".")) {
            ensure(1);
            buf[len++] = '.';
        }
        return line(text);
    }

    public Response bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Response bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public Response number(long n) {
        return latin1(Long.toString(n));
    }

    public Response latin1(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public Response crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    /** Ends a multi-line block with "." and sends everything. */
    public void end() {
        line(".");
        send();
    }

    /** Sends what was built (a single-line response, or a block already terminated). */
    public void send() {
        if (len > 0) {
            sink.send(buf, 0, len);
            buf = new byte[512];
            len = 0;
        }
    }

    /** Sends what is buffered once it is large, to bound memory for huge listings. */
    public void flushIfLarge() {
        if (len >= CHUNK) {
            send();
        }
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
    }
}
