package org.newsnode.storage.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;

/**
 * X-PGP-Sig as the world writes and checks it: a control message newsnode signs verifies
 * with INN's own pgpverify (run on gpgv, as INN runs it), and one signed with GnuPG the way
 * signcontrol does verifies here; a changed signed header fails both ways. Skipped where
 * inn2 or GnuPG is missing (.ci/run installs them).
 */
class ControlSignatureInteropTest {
    private static final Path PGPVERIFY = Path.of("/usr/lib/news/bin/pgpverify");
    private static final Path GPG = Path.of("/usr/bin/gpg");
    private static final Path GPGV = Path.of("/usr/bin/gpgv");

    @TempDir
    Path dir;

    private static byte[] newgroup(String group) {
        return ("Path: not-for-mail\r\nFrom: admin@me.example\r\nNewsgroups: local.config\r\nSubject: cmsg newgroup " + group
                + "\r\nControl: newgroup " + group + "\r\nMessage-ID: <ng." + group + "@me.example>\r\n"
                + "Date: Wed, 02 Dec 2026 07:00:00 +0000\r\n\r\nFor your newsgroups file:\r\n" + group + "\tA group  \r\n"
                + "-- \r\nsigned\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Result run(Path input, Path workDir, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
        pb.environment().put("GNUPGHOME", workDir.resolve("gnupg").toString());
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private record Result(int exit, String out) {
    }

    /** INN's pgpverify with its INN::Config pointed at a keyring of ours (line 2 of the script loads it). */
    private Path pgpverify() throws Exception {
        Path etc = dir.resolve("etc");
        Files.createDirectories(etc.resolve("pgp"));
        List<String> lines = new ArrayList<>(Files.readAllLines(PGPVERIFY, StandardCharsets.ISO_8859_1));
        lines.set(1, "package INN::Config; our $gpgv = '" + GPGV + "'; our $newsetc = '" + etc + "'; our $pathtmp = '" + dir
                + "'; our $syslog_facility = ''; package main;");
        Path script = dir.resolve("pgpverify");
        Files.write(script, lines, StandardCharsets.ISO_8859_1);
        return script;
    }

    @Test
    void aControlMessageSignedHereVerifiesWithInnsPgpverify() throws Exception {
        assumeTrue(Files.isExecutable(PGPVERIFY) && Files.isExecutable(GPGV), "inn2's pgpverify or gpgv missing");
        ControlKey key = ControlKey.generate("local.admin <admin@me.example>");
        Path script = pgpverify();
        // gpgv wants a binary keyring: the armored key, decoded
        var keys = ControlSignature.readKeys(key.publicArmored().getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("etc/pgp/pubring.gpg"), keys.getEncoded());
        Files.createDirectories(dir.resolve("gnupg"));

        Path signed = dir.resolve("signed.art");
        Files.write(signed, key.signed(newgroup("local.good")));
        Result ok = run(signed, dir, List.of("perl", script.toString(), "--findid=local.admin"));
        assertEquals(0, ok.exit(), ok.out());
        assertEquals("local.admin", ok.out().strip(), "pgpverify names the signer");

        String tampered = Files.readString(signed, StandardCharsets.ISO_8859_1).replace("Subject: cmsg newgroup local.good",
                "Subject: cmsg newgroup local.evil");
        Path bad = dir.resolve("bad.art");
        Files.writeString(bad, tampered, StandardCharsets.ISO_8859_1);
        Result no = run(bad, dir, List.of("perl", script.toString()));
        assertTrue(no.exit() != 0, "a changed signed header fails pgpverify: " + no.out());
    }

    @Test
    void aControlMessageSignedWithGnupgAsSigncontrolDoesVerifiesHere() throws Exception {
        assumeTrue(Files.isExecutable(GPG), "gpg missing");
        Path home = dir.resolve("gnupg");
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Result gen = run(null, dir, List.of(GPG.toString(), "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-gen-key", "gpg.admin <g@me.example>", "rsa2048", "sign", "never"));
        assertEquals(0, gen.exit(), gen.out());
        Result exported = run(null, dir, List.of(GPG.toString(), "--batch", "--armor", "--export", "gpg.admin"));
        var keys = ControlSignature.readKeys(exported.out().getBytes(StandardCharsets.US_ASCII));

        for (boolean textmode : new boolean[] {true, false}) {
            Article unsigned = Article.parse(newgroup("local.gpg"));
            Path data = dir.resolve("data" + textmode);
            Files.write(data, ControlSignature.signedText(unsigned, ControlKey.SIGNED_HEADERS));
            List<String> sign = new ArrayList<>(List.of(GPG.toString(), "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--armor", "--detach-sign", "--local-user", "gpg.admin", "--output", "-"));
            if (textmode) {
                sign.add("--textmode");
            }
            sign.add(data.toString());
            Result sig = run(null, dir, sign);
            assertEquals(0, sig.exit(), sig.out());
            // signcontrol: version, signed headers, then the armor's lines after its blank line, folded
            List<String> armor = List.of(sig.out().split("\r?\n"));
            StringBuilder field = new StringBuilder("X-PGP-Sig: GnuPG " + ControlKey.SIGNED_HEADERS);
            boolean body = false;
            for (String l : armor) {
                if (l.startsWith("-----")) {
                    continue;
                }
                if (!body) {
                    body = l.isEmpty();
                    continue;
                }
                field.append("\r\n\t").append(l);
            }
            Article signed = unsigned.rewrite(List.of(), List.of(), List.of(field.toString()));
            ControlSignature.Result r = ControlSignature.verify(signed, keys);
            assertTrue(r.valid(), (textmode ? "textmode: " : "binary: ") + r.reason());
            assertTrue(r.signedBy("gpg.admin"));
            assertFalse(r.signedBy("someone.else"));

            Article changed = Article.parse(new String(signed.raw(), StandardCharsets.ISO_8859_1)
                    .replace("Control: newgroup local.gpg", "Control: newgroup local.gpx").getBytes(StandardCharsets.ISO_8859_1));
            assertFalse(ControlSignature.verify(changed, keys).valid(), "a changed signed header fails");
        }
    }
}
