package org.newsnode.storage.store;

import java.nio.file.Path;

/**
 * This node's secret for the Cancel-Locks it adds to posts (RFC 8315 §4: "sec"), so it can
 * cancel on a poster's behalf as INN's canlockadmin: 32 random octets in an owner-only file
 * of the data directory, made at first use.
 */
final class CancelLockSecret {
    static final String FILE = "cancel-lock.secret";

    private final Path file;
    private volatile byte[] secret;

    CancelLockSecret(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** A copy of the secret (read or made once). */
    byte[] get() {
        byte[] s = secret;
        if (s == null) {
            synchronized (this) {
                if (secret == null) {
                    secret = load();
                }
                s = secret;
            }
        }
        return s.clone();
    }

    private byte[] load() {
        try {
            return org.newsnode.storage.io.SecretFile.load(file);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot read or make the Cancel-Lock secret " + file + ": " + e.getMessage(), e);
        }
    }
}
