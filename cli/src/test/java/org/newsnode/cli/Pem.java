package org.newsnode.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes DER material as a PEM file, as openssl and certbot do, for the TLS tests. */
final class Pem {
    private Pem() {
    }

    /** Writes one "-----BEGIN {label}-----" block (64-column base64) to {@code file}; returns the file. */
    static Path write(Path file, String label, byte[] der) throws java.io.IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n");
        return file;
    }
}
