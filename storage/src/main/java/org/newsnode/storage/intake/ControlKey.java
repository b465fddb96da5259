package org.newsnode.storage.intake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.io.PrivateFiles;

/**
 * An operator's OpenPGP key for signing control messages (what signcontrol does with a
 * hierarchy administrator's key): RSA 3072, made with BouncyCastle, kept armored in an
 * owner-only file; its public half is what other nodes put in their control.keyring.
 */
public final class ControlKey {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private final PGPSecretKeyRing ring;

    private ControlKey(PGPSecretKeyRing ring) {
        this.ring = ring;
    }

    /** A new signing key whose user ID is {@code userId} (the SIGNER other nodes' verify- rules name). */
    public static ControlKey generate(String userId) throws PGPException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA", BC);
            gen.initialize(3072, new SecureRandom());
            PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, gen.generateKeyPair(), new Date());
            var sha1 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId, sha1, null, null,
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256).setProvider(BC),
                    null);
            return new ControlKey(rings.generateSecretKeyRing());
        } catch (java.security.GeneralSecurityException e) {
            throw new PGPException("cannot make an RSA key: " + e.getMessage(), e);
        }
    }

    /** Reads a key written by {@link #save}. */
    public static ControlKey load(Path file) throws IOException, PGPException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return new ControlKey(new PGPSecretKeyRing(in, new JcaKeyFingerprintCalculator()));
        }
    }

    /** Writes the secret key armored, to a file that is owner-only from its creation. */
    public void save(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.encode(armor);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(Files.createFile(tmp, PrivateFiles.ownerOnlyFile()), out.toByteArray());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The public key, armored, for other nodes' control.keyring. */
    public String publicArmored() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.getPublicKey().encode(armor);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    public String userId() {
        return ring.getPublicKey().getUserIDs().next();
    }

    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (byte b : ring.getPublicKey().getFingerprint()) {
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    /** signcontrol's default signed headers (pgpverify checks exactly the ones the field names). */
    public static final String SIGNED_HEADERS = "Subject,Control,Message-ID,Date,From,Sender";

    /** The article with an X-PGP-Sig over {@link #SIGNED_HEADERS} added (any earlier one replaced). */
    public byte[] signed(byte[] article) throws PGPException, IOException {
        try {
            Article a = Article.parse(article);
            String sig = sign(a, SIGNED_HEADERS);
            return a.rewrite(java.util.List.of("X-PGP-Sig"), java.util.List.of(), java.util.List.of("X-PGP-Sig: " + sig)).raw();
        } catch (org.newsnode.storage.article.ArticleFormatException e) {
            throw new IOException("not an article: " + e.getMessage(), e);
        }
    }

    /** The X-PGP-Sig value for these signed headers of the article (see {@link ControlSignature#sign}). */
    public String sign(Article a, String signedHeaders) throws PGPException, IOException {
        PGPSecretKey secret = ring.getSecretKey();
        PGPPrivateKey key = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder().setProvider(BC).build(new char[0]));
        PGPPublicKey pub = secret.getPublicKey();
        return ControlSignature.sign(a, signedHeaders, key, pub);
    }
}
