package org.newsnode.cli.control;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.newsnode.cli.Main;
import org.newsnode.cli.NodeHome;
import org.newsnode.cli.NodeServices;
import org.newsnode.nntp.codec.CommandLine;
import org.newsnode.nntp.codec.NntpCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's control channel: a loopback-only listener on a random port, announced with a
 * secret token in HOME/control (mode 600). A client sends one line, "RUN token arg...",
 * each argument base64-encoded UTF-8; the node runs that newsnode command line against its
 * live services and answers "200 exit-code" and the output as a dot-terminated block.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("newsnode.control");
    static final int MAX_LINE = 64 * 1024;

    private final NioSocketAcceptor acceptor;
    private final NodeHome home;

    private ControlServer(NioSocketAcceptor acceptor, NodeHome home) {
        this.acceptor = acceptor;
        this.home = home;
    }

    public static ControlServer start(NodeHome home, NodeServices services) throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        NioSocketAcceptor acceptor = new NioSocketAcceptor(1);
        acceptor.setReuseAddress(true);
        acceptor.getFilterChain().addLast("codec", new ProtocolCodecFilter(new NntpCodecFactory(MAX_LINE, 0)));
        acceptor.setHandler(new Handler(token, services));
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = acceptor.getLocalAddress().getPort();
        var tmp = home.dir().resolve("control.tmp");
        Files.writeString(tmp, "127.0.0.1 " + port + " " + token + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.warn("cannot restrict permissions of {}", tmp);
        }
        Files.move(tmp, home.controlFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ControlServer(acceptor, home);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(home.controlFile());
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", home.controlFile(), e.getMessage());
        }
        acceptor.unbind();
        acceptor.dispose(true);
    }

    private static final class Handler extends IoHandlerAdapter {
        private final String token;
        private final NodeServices services;

        Handler(String token, NodeServices services) {
            this.token = token;
            this.services = services;
        }

        @Override
        public void messageReceived(IoSession io, Object message) {
            if (!(message instanceof CommandLine line)) {
                io.closeNow();
                return;
            }
            String[] words = line.text().split(" ");
            if (line.tooLong() || words.length < 2 || !words[0].equals("RUN") || !words[1].equals(token)) {
                write(io, "480 Unknown control request or wrong token\r\n");
                io.closeOnFlush();
                return;
            }
            List<String> argv = new ArrayList<>();
            try {
                for (int i = 2; i < words.length; i++) {
                    argv.add(new String(Base64.getDecoder().decode(words[i]), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                write(io, "501 Bad argument encoding\r\n");
                io.closeOnFlush();
                return;
            }
            StringWriter output = new StringWriter();
            PrintWriter pw = new PrintWriter(output);
            picocli.CommandLine cl = Main.newCommandLine(services);
            cl.setOut(pw);
            cl.setErr(pw);
            int code = cl.execute(argv.toArray(new String[0]));
            pw.flush();
            log.info("control: ran `newsnode {}` -> exit {}", String.join(" ", argv), code);
            StringBuilder reply = new StringBuilder("200 ").append(code).append("\r\n");
            String text = output.toString();
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (!text.isEmpty()) {
                for (String l : text.split("\n", -1)) {
                    // dot-stuffed like an NNTP block (RFC 3977 §3.1.1)
                    reply.append(l.startsWith(".") ? "." : "").append(l.replace("\r", "")).append("\r\n");
                }
            }
            reply.append(".\r\n");
            write(io, reply.toString());
            io.closeOnFlush();
        }

        private static void write(IoSession io, String s) {
            io.write(IoBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void exceptionCaught(IoSession io, Throwable cause) {
            io.closeNow();
        }
    }
}
