package org.newsnode.storage.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * A secret of 32 random octets in an owner-only file, made at first use (atomically, 0600
 * from its creation): the node's and a poster's Cancel-Lock secrets (RFC 8315 §4).
 */
public final class SecretFile {
    public static final int OCTETS = 32;

    private SecretFile() {
    }

    public static byte[] load(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                PrivateFiles.createDirectories(dir);
            }
            byte[] fresh = new byte[OCTETS];
            new SecureRandom().nextBytes(fresh);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.write(Files.createFile(tmp, PrivateFiles.ownerOnlyFile()), fresh);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < OCTETS) {
            throw new IOException(file + " holds " + secret.length + " octets; a secret needs " + OCTETS);
        }
        return secret;
    }
}
