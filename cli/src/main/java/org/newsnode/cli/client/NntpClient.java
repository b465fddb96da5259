package org.newsnode.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;

/**
 * A small blocking NNTP client for the CLI, over a MINA connector like every other network
 * path of newsnode: one command, one reply; multi-line blocks are read to their dot line and
 * unstuffed (RFC 3977 §3.1.1). Lines are byte strings (one char per octet).
 */
public final class NntpClient implements AutoCloseable {
    /** A status line: its code and the text after it. */
    public record Reply(int code, String text) {
        @Override
        public String toString() {
            return code + " " + text;
        }
    }

    private static final byte[] EOF = new byte[0];

    private final NioSocketConnector connector;
    private final IoSession session;
    private final long timeoutMillis;
    private final BlockingQueue<byte[]> inbox;
    private byte[] buffer = new byte[0];
    private int pos;
    private final Reply greeting;

    /** Connects and reads the greeting (RFC 3977 §5.1). */
    public static NntpClient connect(String host, int port, long timeoutMillis) throws IOException {
        NioSocketConnector connector = new NioSocketConnector(1);
        connector.setConnectTimeoutMillis(timeoutMillis);
        BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        connector.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) {
                IoBuffer b = (IoBuffer) message;
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                inbox.add(chunk);
            }

            @Override
            public void sessionClosed(IoSession s) {
                inbox.add(EOF);
            }

            @Override
            public void exceptionCaught(IoSession s, Throwable cause) {
                s.closeNow();
            }
        });
        ConnectFuture f = connector.connect(new InetSocketAddress(host, port));
        if (!f.awaitUninterruptibly(timeoutMillis) || !f.isConnected()) {
            connector.dispose();
            Throwable why = f.getException();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + (why == null ? "timed out" : why.getMessage()));
        }
        NntpClient c = null;
        try {
            c = new NntpClient(connector, f.getSession(), timeoutMillis, inbox);
            return c;
        } finally {
            if (c == null) {
                f.getSession().closeNow();
                connector.dispose();
            }
        }
    }

    private NntpClient(NioSocketConnector connector, IoSession session, long timeoutMillis, BlockingQueue<byte[]> inbox)
            throws IOException {
        this.connector = connector;
        this.session = session;
        this.timeoutMillis = timeoutMillis;
        this.inbox = inbox;
        this.greeting = readReply();
    }

    public Reply greeting() {
        return greeting;
    }

    /**
     * Sends one command line and reads its status line. A "401 MODE-READER" (RFC 3977 §3.2.1.1:
     * a mode-switching server such as INN's innd in transit mode) gets MODE READER once (§5.3)
     * and the command again.
     */
    public Reply command(String line) throws IOException {
        Reply r = send(line);
        if (r.code() == 401 && !readerMode && r.text().toUpperCase(java.util.Locale.ROOT).startsWith("MODE-READER")) {
            readerMode = true;
            Reply mode = send("MODE READER");
            if (mode.code() == 200 || mode.code() == 201) {
                r = send(line);
            }
        }
        return r;
    }

    /**
     * RFC 3977 §5.3: asks CAPABILITIES and, when it lists MODE-READER (a mode-switching
     * server such as INN's innd), sends MODE READER before anything else (a login included,
     * which the reader server then checks). A server without CAPABILITIES is left as it is;
     * the 401 in {@link #command} still catches one that switches without saying so.
     */
    public void readerModeIfOffered() throws IOException {
        Reply caps = send("CAPABILITIES");
        if (caps.code() != 101) {
            return;
        }
        boolean modeReader = false;
        for (String l : new String(readBlock(), StandardCharsets.UTF_8).split("\r?\n")) {
            modeReader |= l.strip().equalsIgnoreCase("MODE-READER");
        }
        if (modeReader && !readerMode) {
            readerMode = true;
            send("MODE READER");
        }
    }

    /** MODE READER was sent on this connection. */
    private boolean readerMode;

    private Reply send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return readReply();
    }

    /** AUTHINFO USER/PASS (RFC 4643 §2.3); returns the final reply (281 on success). */
    public Reply login(String user, String password) throws IOException {
        Reply r = command("AUTHINFO USER " + user);
        return r.code() == 381 ? command("AUTHINFO PASS " + password) : r;
    }

    /** Sends an article (octets with CRLF line ends) dot-stuffed and terminated; reads the reply. */
    public Reply sendArticle(byte[] article) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(article.length + 64);
        boolean lineStart = true;
        for (byte b : article) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        write(out.toByteArray());
        return readReply();
    }

    /** Reads a multi-line block to its dot line, unstuffed, lines ending in CRLF. */
    public byte[] readBlock() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        while (true) {
            byte[] line = readLine();
            if (line.length == 1 && line[0] == '.') {
                return out.toByteArray();
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            out.write(line, from, line.length - from);
            out.write('\r');
            out.write('\n');
        }
    }

    private void write(byte[] data) throws IOException {
        if (!session.write(IoBuffer.wrap(data)).awaitUninterruptibly(timeoutMillis)) {
            throw new IOException("timed out sending to the server");
        }
    }

    private Reply readReply() throws IOException {
        String line = new String(readLine(), StandardCharsets.ISO_8859_1);
        if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
            throw new IOException("not an NNTP reply: \"" + line + "\"");
        }
        return new Reply(Integer.parseInt(line.substring(0, 3)), line.length() > 4 ? line.substring(4) : "");
    }

    /** The next line without its CRLF (or bare LF). */
    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            while (pos < buffer.length) {
                byte b = buffer[pos++];
                if (b == '\n') {
                    byte[] l = line.toByteArray();
                    int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                    return java.util.Arrays.copyOf(l, n);
                }
                line.write(b);
            }
            byte[] next;
            try {
                next = inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (next == null) {
                throw new IOException("the server did not answer within " + timeoutMillis / 1000 + " s");
            }
            if (next == EOF) {
                throw new IOException("the server closed the connection");
            }
            buffer = next;
            pos = 0;
        }
    }

    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // closing anyway
        }
        session.closeNow().awaitUninterruptibly(timeoutMillis);
        connector.dispose();
    }
}
