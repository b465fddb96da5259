package org.newsnode.storage.intake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.HeaderField;

/**
 * The X-PGP-Sig of a control message in pgpverify's format (INN, signcontrol): the field is
 * {@code VERSION SIGNED-HEADERS SIGNATURE-LINES…}; the signed text is
 * {@code X-Signed-Headers: …}, each signed header as {@code Name: value} (folded lines
 * kept), a blank line and the body, LF line ends, trailing blanks stripped; the signature is
 * a detached OpenPGP signature over it. Verified with BouncyCastle against a keyring; the
 * signer is a user ID of the signing key (pgpverify --findid compares those).
 */
public final class ControlSignature {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** A verification: the signer's user IDs when good, else why not. */
    public record Result(boolean valid, List<String> userIds, String reason) {
        static Result bad(String reason) {
            return new Result(false, List.of(), reason);
        }

        /** True when valid and a user ID of the key holds {@code signer} (INN's verify-SIGNER). */
        public boolean signedBy(String signer) {
            return valid && userIds.stream().anyMatch(u -> u.contains(signer));
        }
    }

    private ControlSignature() {
    }

    /** Verifies the article's X-PGP-Sig against the public keys in {@code keyring}. */
    public static Result verify(Article a, Path keyring) {
        if (keyring == null) {
            return Result.bad("no control.keyring is configured");
        }
        PGPPublicKeyRingCollection keys;
        try {
            keys = readKeys(Files.readAllBytes(keyring));
        } catch (IOException | PGPException e) {
            return Result.bad("cannot read the keyring " + keyring + ": " + e.getMessage());
        }
        return verify(a, keys);
    }

    static Result verify(Article a, PGPPublicKeyRingCollection keys) {
        if (a.count("X-PGP-Sig") != 1) {
            return Result.bad(a.count("X-PGP-Sig") == 0 ? "no X-PGP-Sig" : "more than one X-PGP-Sig");
        }
        String[] parts = rawValue(a, field(a, "X-PGP-Sig")).strip().split("[ \t\n]+");
        if (parts.length < 4 || !parts[parts.length - 1].startsWith("=")) {
            return Result.bad("X-PGP-Sig not in the expected format");
        }
        String signedHeaders = parts[1];
        StringBuilder armored = new StringBuilder("-----BEGIN PGP SIGNATURE-----\nVersion: ").append(parts[0]).append("\n\n");
        for (int i = 2; i < parts.length; i++) {
            armored.append(parts[i]).append('\n');
        }
        armored.append("-----END PGP SIGNATURE-----\n");
        byte[] signed;
        try {
            signed = signedText(a, signedHeaders);
        } catch (IllegalArgumentException e) {
            return Result.bad(e.getMessage());
        }
        try {
            PGPSignature sig = readSignature(armored.toString().getBytes(StandardCharsets.US_ASCII));
            PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
            if (key == null) {
                return Result.bad("signed by key " + Long.toHexString(sig.getKeyID()).toUpperCase() + ", not in the keyring");
            }
            sig.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BC), key);
            sig.update(sig.getSignatureType() == PGPSignature.CANONICAL_TEXT_DOCUMENT ? crlf(signed) : signed);
            if (!sig.verify()) {
                return Result.bad("bad signature (key " + Long.toHexString(sig.getKeyID()).toUpperCase() + ")");
            }
            List<String> ids = new ArrayList<>();
            PGPPublicKeyRing ring = keys.getPublicKeyRing(sig.getKeyID());
            for (Iterator<String> it = ring.getPublicKey().getUserIDs(); it.hasNext(); ) {
                ids.add(it.next());
            }
            return new Result(true, ids, null);
        } catch (IOException | PGPException | RuntimeException e) {
            return Result.bad("unreadable signature: " + e.getMessage());
        }
    }

    /**
     * Signs a control message as signcontrol does: the value of an X-PGP-Sig field for
     * {@code signedHeaders} (comma-separated, each present once) of the article {@code a}.
     */
    public static String sign(Article a, String signedHeaders, PGPPrivateKey key, PGPPublicKey pub) throws PGPException, IOException {
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256).setProvider(BC), pub);
        gen.init(PGPSignature.BINARY_DOCUMENT, key);
        gen.update(signedText(a, signedHeaders));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out);
             BCPGOutputStream bcpg = new BCPGOutputStream(armor)) {
            gen.generate().encode(bcpg);
        }
        StringBuilder value = new StringBuilder("1 ").append(signedHeaders);
        boolean inBody = false;
        for (String line : out.toString(StandardCharsets.US_ASCII).split("\r?\n")) {
            if (line.startsWith("-----")) {
                continue;
            }
            if (!inBody) {
                inBody = line.isEmpty(); // past the armor headers
                continue;
            }
            value.append("\r\n\t").append(line); // folded, one armor line a line (RFC 5322 §2.2.3)
        }
        return value.toString();
    }

    /** The text pgpverify hands to gpg (see the class comment). */
    static byte[] signedText(Article a, String signedHeaders) {
        StringBuilder m = new StringBuilder("X-Signed-Headers: ").append(signedHeaders).append('\n');
        for (String label : signedHeaders.split(",")) {
            HeaderField f = null;
            int seen = 0;
            for (HeaderField h : a.fields()) {
                if (h.name().equals(label)) { // pgpverify is case-sensitive here
                    f = h;
                    seen++;
                }
            }
            if (seen > 1) {
                throw new IllegalArgumentException("duplicate signed " + label + " header, can't verify");
            }
            m.append(label).append(": ");
            if (f != null) {
                m.append(rawValue(a, f));
            }
            m.append('\n');
        }
        m.append('\n');
        String body = new String(a.raw(), a.bodyStart(), a.raw().length - a.bodyStart(), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n");
        m.append(body);
        String text = m.toString().replaceAll("[ \t]+\n", "\n");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HeaderField field(Article a, String name) {
        return a.fields().stream().filter(f -> f.is(name)).findFirst().orElseThrow();
    }

    /** A field's body as received: after "Name: ", continuation lines joined with LF and kept as they are. */
    private static String rawValue(Article a, HeaderField f) {
        String text = new String(a.raw(), f.start(), f.end() - f.start(), StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        String v = text.substring(colon + 1);
        if (v.startsWith(" ") || v.startsWith("\t")) {
            v = v.substring(1);
        }
        v = v.replace("\r\n", "\n");
        return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
    }

    private static byte[] crlf(byte[] lf) {
        return new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static PGPSignature readSignature(byte[] armored) throws IOException, PGPException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            Object o = new JcaPGPObjectFactory(in).nextObject();
            if (o instanceof org.bouncycastle.openpgp.PGPCompressedData c) {
                o = new JcaPGPObjectFactory(c.getDataStream()).nextObject();
            }
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new PGPException("no signature packet");
        }
    }

    /** Public keys from armored blocks (one or several, as ftp.isc.org's PGPKEYS) or a binary keyring. */
    public static PGPPublicKeyRingCollection readKeys(byte[] file) throws IOException, PGPException {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
        String end = "-----END PGP PUBLIC KEY BLOCK-----";
        if (!text.contains(begin)) {
            return new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(new ByteArrayInputStream(file)),
                    new JcaKeyFingerprintCalculator());
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        int from = 0;
        while ((from = text.indexOf(begin, from)) >= 0) {
            int to = text.indexOf(end, from);
            if (to < 0) {
                throw new PGPException("a key block without its END line");
            }
            byte[] block = text.substring(from, to + end.length()).getBytes(StandardCharsets.ISO_8859_1);
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(block))) {
                var c = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
                c.getKeyRings().forEachRemaining(rings::add);
            }
            from = to + end.length();
        }
        return new PGPPublicKeyRingCollection(rings);
    }
}
