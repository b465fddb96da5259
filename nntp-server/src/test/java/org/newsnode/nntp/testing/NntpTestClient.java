package org.newsnode.nntp.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking NNTP client over a real socket, for tests. Lines are byte strings (ISO-8859-1). */
public final class NntpTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final String greeting;

    /** Connects with TLS from the first octet (the implicit-TLS listener, RFC 4642 §1). */
    public NntpTestClient(javax.net.ssl.SSLContext tls, String host, int port) throws IOException {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(host, port);
        s.startHandshake();
        socket = s;
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readLine();
    }

    /** After a 382 to STARTTLS: the TLS handshake on the same connection (RFC 4642 §2.2.2). */
    public javax.net.ssl.SSLSession startTls(javax.net.ssl.SSLContext tls) throws IOException {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        s.startHandshake();
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
        return s.getSession();
    }

    /** After a 206 to COMPRESS DEFLATE: both directions raw DEFLATE, flushed per write (RFC 8054). */
    public void startCompression() throws IOException {
        in = new BufferedInputStream(new java.util.zip.InflaterInputStream(in, new java.util.zip.Inflater(true)));
        out = new java.util.zip.DeflaterOutputStream(out, new java.util.zip.Deflater(6, true), true);
    }

    public NntpTestClient(String host, int port) throws IOException {
        this(host, port, null);
    }

    /** Connects from a chosen local address (a peer is told apart by its address). */
    public NntpTestClient(String host, int port, String localAddress) throws IOException {
        socket = localAddress == null ? new Socket(host, port)
                : new Socket(host, port, java.net.InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readLine();
    }

    public String greeting() {
        return greeting;
    }

    /** Sends a command line, returns the status line. */
    public String cmd(String line) throws IOException {
        send(line + "\r\n");
        return readLine();
    }

    /** Sends a command expecting a multi-line answer; returns status line then unstuffed data lines. */
    public List<String> multi(String line) throws IOException {
        String status = cmd(line);
        List<String> lines = new ArrayList<>();
        lines.add(status);
        if (isMultiLine(status)) {
            lines.addAll(readBlock());
        }
        return lines;
    }

    private static final List<String> MULTI_LINE = List.of("100", "101", "215", "220", "221", "222", "224", "225",
            "230", "231");

    private static boolean isMultiLine(String status) {
        return status.length() >= 3 && MULTI_LINE.contains(status.substring(0, 3));
    }

    /** Reads data lines up to the "." line, undoing dot-stuffing. */
    public List<String> readBlock() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine();
            if (l.equals(".")) {
                return lines;
            }
            lines.add(l.startsWith("..") ? l.substring(1) : l);
        }
    }

    /** LISTGROUP's 211 is followed by a block (RFC 3977 §6.1.2). */
    public List<String> listgroup(String line) throws IOException {
        List<String> lines = new ArrayList<>();
        String status = cmd(line);
        lines.add(status);
        if (status.startsWith("211")) {
            lines.addAll(readBlock());
        }
        return lines;
    }

    /** POST: returns the final status (or the first one when it was not 340). */
    public String post(String article) throws IOException {
        String first = cmd("POST");
        if (!first.startsWith("340")) {
            return first;
        }
        send(dotStuff(article) + ".\r\n");
        return readLine();
    }

    public static String dotStuff(String article) {
        StringBuilder b = new StringBuilder();
        for (String line : article.split("\r\n", -1)) {
            b.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        String s = b.toString();
        // split added one CRLF too many when the article ended with CRLF
        return article.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s;
    }

    public void send(String s) throws IOException {
        sendBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        throw new IOException("connection closed by server" + (b.size() > 0 ? " after \"" + b + "\"" : ""));
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A minimal article a newsreader would post. */
    public static String article(String groups, String subject, String body) {
        return org.newsnode.storage.testing.TestArticle.posted(groups, subject, body).text();
    }
}
