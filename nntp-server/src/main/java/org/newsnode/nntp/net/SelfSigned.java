package org.newsnode.nntp.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a key pair and a self-signed certificate in a PKCS#12 file with the JDK's keytool
 * (the JDK has no public API for issuing certificates): EC P-256, SHA-256, the given names
 * as subjectAltName so peers can check the name or pin the fingerprint.
 */
public final class SelfSigned {
    private SelfSigned() {
    }

    /**
     * @param file  the PKCS#12 file to write (must not exist)
     * @param names DNS names or IP addresses; the first is the subject's CN
     * @param days  validity
     */
    public static void create(Path file, String password, List<String> names, int days) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one name");
        }
        if (Files.exists(file)) {
            throw new IOException(file + " exists already");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> san = new ArrayList<>();
        for (String n : names) {
            san.add((n.matches("[0-9.]+") || n.contains(":") ? "ip:" : "dns:") + n);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", "node", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + names.get(0),
                "-ext", "SAN=" + String.join(",", san), "-validity", String.valueOf(days), "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass:env", "NEWSNODE_TLS_PW", "-keypass:env", "NEWSNODE_TLS_PW");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NEWSNODE_TLS_PW", password); // not on the command line, where ps shows it
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0 || !Files.exists(file)) {
            throw new IOException("keytool failed: " + out.strip());
        }
    }
}
