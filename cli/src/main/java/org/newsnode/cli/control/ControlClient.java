package org.newsnode.cli.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.newsnode.cli.NodeHome;

/** Runs a command line inside the running node through its control channel (see {@link ControlServer}). */
public final class ControlClient {
    /** Exit code and combined output of the command as run by the node. */
    public record Result(int exitCode, String output) {
    }

    private ControlClient() {
    }

    /** Runs argv in the node when one is running for this home; null when none answers. */
    public static Result tryRun(NodeHome home, List<String> argv) throws IOException {
        if (!Files.exists(home.controlFile())) {
            return null;
        }
        String[] f = Files.readString(home.controlFile(), StandardCharsets.US_ASCII).trim().split(" ");
        if (f.length != 3) {
            return null;
        }
        StringBuilder line = new StringBuilder("RUN ").append(f[2]);
        for (String a : argv) {
            line.append(' ').append(Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
        }
        line.append("\r\n");
        NioSocketConnector connector = new NioSocketConnector(1);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        connector.setConnectTimeoutMillis(3000);
        connector.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer b = (IoBuffer) message;
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                received.write(chunk, 0, chunk.length);
            }

            @Override
            public void sessionClosed(IoSession session) {
                reply.complete(received.toByteArray());
            }

            @Override
            public void exceptionCaught(IoSession session, Throwable cause) {
                reply.completeExceptionally(cause);
                session.closeNow();
            }
        });
        try {
            ConnectFuture cf = connector.connect(new InetSocketAddress(f[0], Integer.parseInt(f[1])));
            cf.awaitUninterruptibly();
            if (!cf.isConnected()) {
                return null; // a stale control file from a node that did not stop cleanly
            }
            cf.getSession().write(IoBuffer.wrap(line.toString().getBytes(StandardCharsets.US_ASCII)));
            return parse(new String(reply.join(), StandardCharsets.UTF_8));
        } finally {
            connector.dispose(false);
        }
    }

    static Result parse(String text) throws IOException {
        String[] lines = text.split("\r\n", -1);
        if (lines.length == 0 || !lines[0].startsWith("200 ")) {
            throw new IOException("the node refused the control request: " + (lines.length > 0 ? lines[0] : "no answer"));
        }
        int code = Integer.parseInt(lines[0].substring(4).trim());
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].equals(".")) {
                break;
            }
            out.append(lines[i].startsWith("..") ? lines[i].substring(1) : lines[i]).append('\n');
        }
        return new Result(code, out.toString());
    }
}
