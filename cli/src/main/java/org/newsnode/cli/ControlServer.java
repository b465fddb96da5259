package org.newsnode.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsnode.cli.Main;
import org.newsnode.cli.NodeHome;
import org.newsnode.cli.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's control channel: a Unix-domain socket (see {@link ControlSocket}) on which the
 * node runs admin command lines (group, peer, user, feeds, expire, reload, import, export)
 * against its live services, for its own user only. A few connections at once, each must send
 * its request within {@link #REQUEST_SECONDS}; output is streamed back as it is written.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("newsnode.control");
    /** Connections served at once; more are closed at once. */
    static final int MAX_CONNECTIONS = 4;
    static final long REQUEST_MILLIS = 10_000;
    static final int KEEPALIVE_SECONDS = 5;

    private final ServerSocketChannel listener;
    private final Path socket;
    private final NodeServices services;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "control-" + ids.incrementAndGet()));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "control-timer"));
    private final Thread acceptor;
    /** How long a connection may take to send its request. */
    private final long requestMillis;

    private ControlServer(ServerSocketChannel listener, Path socket, NodeServices services, long requestMillis) {
        this.listener = listener;
        this.socket = socket;
        this.services = services;
        this.requestMillis = requestMillis;
        this.acceptor = daemon(this::acceptLoop, "control-accept");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Binds the home's socket; a file left there is stale (this process holds the data directory). */
    public static ControlServer start(NodeHome home, NodeServices services) throws IOException {
        return start(home, services, REQUEST_MILLIS);
    }

    static ControlServer start(NodeHome home, NodeServices services, long requestMillis) throws IOException {
        Path path = ControlSocket.path(home);
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(ControlSocket.address(home));
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ControlServer server = new ControlServer(ch, path, services, requestMillis);
        server.acceptor.start();
        return server;
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control: accept failed: {}", e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                log.warn("control: more than {} connections at once; closing one", MAX_CONNECTIONS);
                closeQuietly(ch);
                continue;
            }
            Runnable end = endOnce(ch);
            workers.execute(() -> {
                try {
                    serve(ch, end);
                } finally {
                    end.run();
                }
            });
        }
    }

    /**
     * Ends a connection once, whoever gets there first (its worker or the request deadline):
     * the slot is free again before the client sees the close, so it may connect at once.
     */
    private Runnable endOnce(SocketChannel ch) {
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                slots.release();
                closeQuietly(ch);
            }
        };
    }

    private void serve(SocketChannel ch, Runnable end) {
        String user = ControlSocket.user(ch);
        try {
            if (!ControlSocket.trusted(ch)) {
                log.warn("control: refused a connection from user {} (only {} may use it)", user, System.getProperty("user.name"));
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            FrameOut out = new FrameOut(new DataOutputStream(Channels.newOutputStream(ch)));
            ScheduledFuture<?> deadline = timers.schedule(end, requestMillis, TimeUnit.MILLISECONDS);
            List<String> argv;
            try {
                argv = ControlFrames.readRequest(in);
            } finally {
                deadline.cancel(false);
            }
            ScheduledFuture<?> keepalive = timers.scheduleAtFixedRate(out::keepalive,
                    KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
            int code;
            try {
                code = run(argv, out);
            } finally {
                keepalive.cancel(false);
            }
            frame(out, ControlFrames.EXIT, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
            log.info("control: {} ran `newsnode {}` -> exit {}", user, ControlRequest.redacted(argv), code);
        } catch (IOException e) {
            log.info("control: connection from {} ended: {}", user, e.getMessage());
        }
    }

    /** Runs an admin command line with its output streamed to the client; anything else is refused. */
    private int run(List<String> argv, FrameOut out) {
        PrintWriter pw = new PrintWriter(new FrameWriter(out, ControlFrames.OUT), false);
        PrintWriter pe = new PrintWriter(new FrameWriter(out, ControlFrames.ERR), false);
        try {
            String refusal = ControlRequest.refusal(argv);
            if (refusal != null) {
                pe.println("newsnode: " + refusal);
                return 2;
            }
            OutputStream data = new FrameStream(out);
            picocli.CommandLine cl = Main.newCommandLine(services, data);
            cl.setOut(pw);
            cl.setErr(pe);
            return cl.execute(argv.toArray(new String[0]));
        } finally {
            pw.flush();
            pe.flush();
        }
    }

    private static void frame(FrameOut out, byte type, byte[] payload) {
        try {
            out.write(type, payload);
        } catch (IOException e) {
            // the client went away; the command's own writes notice it too
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a control connection cannot lose data
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        workers.shutdownNow();
        timers.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", socket, e.getMessage());
        }
    }

    /** Text written by a command, sent as frames of one type whenever it is flushed. */
    private static final class FrameWriter extends java.io.Writer {
        private final FrameOut out;
        private final byte type;
        private final StringBuilder pending = new StringBuilder();

        FrameWriter(FrameOut out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            pending.append(cbuf, off, len);
            if (pending.length() >= 8192) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            if (pending.length() > 0) {
                byte[] b = pending.toString().getBytes(StandardCharsets.UTF_8);
                pending.setLength(0);
                out.write(type, b);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Octets for the file the CLI opened (export's --output), sent as data frames. */
    private static final class FrameStream extends OutputStream {
        private final FrameOut out;

        FrameStream(FrameOut out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, ControlFrames.MAX_FRAME);
                out.write(ControlFrames.DATA, b, off, n);
                off += n;
                len -= n;
            }
        }
    }
}
