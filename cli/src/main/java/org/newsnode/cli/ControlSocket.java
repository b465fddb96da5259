package org.newsnode.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.newsnode.cli.NodeHome;
import org.newsnode.storage.io.PrivateFiles;

/**
 * Where a home's control channel listens and who may use it: a Unix-domain socket in the
 * home (0700), so only the node's user can reach it; each end checks the other's user from
 * the kernel (SO_PEERCRED) before it sends anything, so neither trusts a stale file.
 */
final class ControlSocket {
    /** sun_path holds 108 octets on Linux; longer homes get a socket in a private directory under tmp. */
    private static final int MAX_PATH = 100;
    static final String FILE = "control.sock";

    private ControlSocket() {
    }

    /** The socket's path for this home. */
    static Path path(NodeHome home) throws IOException {
        Path inHome = home.dir().resolve(FILE).toAbsolutePath();
        if (inHome.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) {
            return inHome;
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "newsnode-" + System.getProperty("user.name"));
        PrivateFiles.createDirectories(dir);
        if (PrivateFiles.isLooser(dir) || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " is not a private directory of " + System.getProperty("user.name"));
        }
        return dir.resolve(digest(home.dir().toAbsolutePath().toString()) + ".sock");
    }

    static UnixDomainSocketAddress address(NodeHome home) throws IOException {
        return UnixDomainSocketAddress.of(path(home));
    }

    /** True when the other end runs as this process's user, or as root. */
    static boolean trusted(SocketChannel ch) throws IOException {
        UnixDomainPrincipal other = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        UserPrincipal user = other.user();
        String me = System.getProperty("user.name");
        return user.getName().equals(me) || user.getName().equals("root");
    }

    /** The other end's user name, for log lines. */
    static String user(SocketChannel ch) {
        try {
            return ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    static SocketChannel connect(NodeHome home) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(address(home));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
