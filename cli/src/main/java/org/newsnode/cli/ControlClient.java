package org.newsnode.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.newsnode.cli.NodeHome;

/** Runs a command line inside the running node through its control channel (see {@link ControlServer}). */
public final class ControlClient {
    /** The node sends a keep-alive every few seconds while a command runs; this much silence means it is gone. */
    static final long SILENCE_MILLIS = 30_000;

    /** Exit code and combined output of the command as run by the node. */
    public record Result(int exitCode, String output) {
    }

    private ControlClient() {
    }

    /** Runs argv in the node when one is running for this home, collecting its output; null when none answers. */
    public static Result tryRun(NodeHome home, List<String> argv) throws IOException {
        StringWriter text = new StringWriter();
        PrintWriter pw = new PrintWriter(text);
        Integer code = tryRun(home, argv, pw, pw, null);
        pw.flush();
        return code == null ? null : new Result(code, text.toString());
    }

    /**
     * Runs argv in the node when one is running for this home, writing its output as it comes;
     * data for a file (export) goes to {@code data}. Returns the exit code, or null when no node
     * listens (no socket, or one left by a node that was killed).
     */
    public static Integer tryRun(NodeHome home, List<String> argv, PrintWriter out, PrintWriter err, OutputStream data)
            throws IOException {
        if (!Files.exists(ControlSocket.path(home))) {
            return null;
        }
        SocketChannel ch;
        try {
            ch = ControlSocket.connect(home);
        } catch (ConnectException | NoSuchFileException e) {
            return null; // a stale socket from a node that did not stop cleanly
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "control-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (ch) {
            if (!ControlSocket.trusted(ch)) {
                // the node proves itself before anything is sent: its user is ours (or root)
                throw new IOException("the control socket of " + home.dir() + " belongs to user " + ControlSocket.user(ch)
                        + ", not to " + System.getProperty("user.name") + "; nothing was sent");
            }
            AtomicLong lastHeard = new AtomicLong(System.currentTimeMillis());
            // only time spent waiting for the node counts, not time our own output (a pager) holds us
            java.util.concurrent.atomic.AtomicBoolean waitingForNode = new java.util.concurrent.atomic.AtomicBoolean();
            watchdog.scheduleAtFixedRate(() -> {
                if (waitingForNode.get() && System.currentTimeMillis() - lastHeard.get() > SILENCE_MILLIS) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the read below ends with the close either way
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
            ControlFrames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)), argv);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            while (true) {
                ControlFrames.Frame f;
                lastHeard.set(System.currentTimeMillis());
                waitingForNode.set(true);
                try {
                    f = ControlFrames.read(in);
                } catch (IOException e) {
                    throw new IOException(ch.isOpen() ? "the node ended the control connection: " + e.getMessage()
                            : "the node sent nothing for " + SILENCE_MILLIS / 1000 + " s", e);
                }
                waitingForNode.set(false);
                if (f == null) {
                    throw new IOException("the node closed the control connection before the command ended");
                }
                switch (f.type()) {
                    case ControlFrames.OUT -> {
                        out.print(new String(f.payload(), StandardCharsets.UTF_8));
                        out.flush();
                    }
                    case ControlFrames.ERR -> {
                        err.print(new String(f.payload(), StandardCharsets.UTF_8));
                        err.flush();
                    }
                    case ControlFrames.DATA -> {
                        if (data == null) {
                            throw new IOException("the node sent file data for a command that writes no file");
                        }
                        data.write(f.payload());
                    }
                    case ControlFrames.EXIT -> {
                        if (f.payload().length != 4) {
                            throw new IOException("a malformed exit frame from the node");
                        }
                        return f.exitCode();
                    }
                    default -> {
                        // keep-alive
                    }
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
    }
}
