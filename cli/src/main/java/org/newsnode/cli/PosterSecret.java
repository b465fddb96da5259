package org.newsnode.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The secret `newsnode post` makes its Cancel-Locks from and `newsnode cancel` its
 * Cancel-Keys (RFC 8315 §4): 32 random octets in an owner-only file of the user's, made at
 * first use ($XDG_CONFIG_HOME/newsnode, else ~/.config/newsnode, cancel-lock.secret).
 */
final class PosterSecret {
    private PosterSecret() {
    }

    static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("newsnode").resolve("cancel-lock.secret");
    }

    /** The secret in {@code file}, made there first when missing. */
    static byte[] load(Path file) throws IOException {
        return org.newsnode.storage.io.SecretFile.load(file);
    }
}
