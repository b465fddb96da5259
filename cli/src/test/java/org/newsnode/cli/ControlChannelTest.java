package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.cli.Main;
import org.newsnode.cli.NodeHome;
import org.newsnode.cli.NodeServices;
import org.newsnode.storage.store.Storage;

/** The control channel: its user only, admin verbs only, bounded in connections and time, no secrets in logs. */
class ControlChannelTest {
    @TempDir
    Path dir;

    private NodeHome initHome() {
        Path home = dir.resolve("node");
        assertEquals(0, Main.run("init", home.toString(), "--path-identity", "ctl.test", "--listen", "127.0.0.1:0"));
        return new NodeHome(home);
    }

    /** A control server over a store opened here (no NNTP listener needed). */
    private record Running(Storage storage, ControlServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            storage.close();
        }
    }

    private Running serve(NodeHome h, long requestMillis) throws Exception {
        Storage s = h.openStorage(h.loadConfig());
        return new Running(s, ControlServer.start(h, NodeServices.of(s, h.loadConfig(), h), requestMillis));
    }

    @Test
    void onlyAdminVerbsRunInTheNode() throws Exception {
        NodeHome h = initHome();
        try (Running r = serve(h, 10_000)) {
            ControlClient.Result tls = ControlClient.tryRun(h, List.of("tls", "self-signed", "--home", h.dir().toString()));
            assertEquals(2, tls.exitCode());
            assertTrue(tls.output().contains("`tls` does not run over the control channel"), tls.output());
            assertFalse(Files.exists(h.dir().resolve("newsnode.p12")), "nothing ran");
            ControlClient.Result serve = ControlClient.tryRun(h, List.of("--verbose", "serve"));
            assertEquals(2, serve.exitCode());
            ControlClient.Result ok = ControlClient.tryRun(h, List.of("group", "create", "local.ctl", "--home", h.dir().toString()));
            assertEquals(0, ok.exitCode(), ok.output());
            assertTrue(r.storage().group("local.ctl") != null);
        }
    }

    @Test
    void theNodeNeverOpensAnOutputPathItIsGiven() throws Exception {
        NodeHome h = initHome();
        Path target = dir.resolve("written-by-node.rnews");
        try (Running r = serve(h, 10_000)) {
            StringWriter text = new StringWriter();
            PrintWriter pw = new PrintWriter(text);
            IOException e = assertThrows(IOException.class, () -> ControlClient.tryRun(h,
                    List.of("export", "--gzip", "--output", target.toString(), "--home", h.dir().toString()), pw, pw, null));
            assertTrue(e.getMessage().contains("file data"), e.getMessage());
        }
        assertFalse(Files.exists(target), "export's octets travel to the CLI; the node created no file");
    }

    @Test
    void aSocketLeftByAKilledNodeIsNotTrusted() throws Exception {
        NodeHome h = initHome();
        Path socket = ControlSocket.path(h);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(ControlSocket.address(h));
        }
        assertTrue(Files.exists(socket), "closing leaves the socket file, as kill -9 does");
        assertNull(ControlClient.tryRun(h, List.of("group", "list")), "nobody listens: the CLI works on the files itself");
    }

    @Test
    void connectionsAreBoundedInNumberAndInTimeToSendTheRequest() throws Exception {
        NodeHome h = initHome();
        try (Running r = serve(h, 1_000)) {
            List<SocketChannel> idle = new ArrayList<>();
            for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
                idle.add(ControlSocket.connect(h));
            }
            Thread.sleep(200); // the server has taken the four
            try (SocketChannel extra = ControlSocket.connect(h)) {
                long t0 = System.nanoTime();
                assertEquals(-1, extra.read(ByteBuffer.allocate(16)), "a fifth connection is closed at once");
                assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(900));
            }
            for (SocketChannel c : idle) {
                assertEquals(-1, c.read(ByteBuffer.allocate(16)), "silent past the request deadline: closed");
                c.close();
            }
            assertEquals(0, ControlClient.tryRun(h, List.of("group", "list")).exitCode(), "the slots are free again");
        }
    }

    @Test
    void anotherUserIsRefusedByTheKernelsWordNotByFilePermissions() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs root to run a client as another user");
        NodeHome h = initHome();
        try (Running r = serve(h, 10_000)) {
            Path socket = ControlSocket.path(h);
            // open the way on purpose: only the SO_PEERCRED check stands between nobody and the node
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(h.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            String py = "import socket,struct,sys\n"
                    + "s=socket.socket(socket.AF_UNIX);s.connect(sys.argv[1])\n"
                    + "args=[b'group',b'create',b'local.evil']\n"
                    + "try:\n s.sendall(struct.pack('>i',len(args))+b''.join(struct.pack('>i',len(a))+a for a in args))\n"
                    + "except OSError: pass\n"
                    + "try:\n print(len(s.recv(100)))\n"
                    + "except OSError: print(0)\n";
            Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", py,
                    socket.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip().replace('\n', '|');
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals("0", out, "the node closed without a word");
            assertNull(r.storage().group("local.evil"), "nothing ran");
        }
    }

    @Test
    void passwordsNeverReachTheLogLine() {
        String shown = ControlRequest.redacted(List.of("peer", "add", "b", "--login-password", "s3cret", "--password=abc",
                "--password-stdin", "x\u001b[31m"));
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("abc"), shown);
        assertEquals("peer add b --login-password *** --password=*** --password-stdin x?[31m", shown);
    }
}
