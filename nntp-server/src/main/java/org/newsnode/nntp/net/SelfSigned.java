package org.newsnode.nntp.net;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.newsnode.storage.io.PrivateFiles;

/**
 * Makes a key pair and a self-signed certificate in a PKCS#12 file, in-process with
 * BouncyCastle's certificate builder (the JDK has no public API for issuing certificates):
 * EC P-256, SHA-256, the given names as subjectAltName so peers can check the name or pin
 * the fingerprint. The signing and the key store are the JDK's own providers.
 */
public final class SelfSigned {
    private SelfSigned() {
    }

    /**
     * @param file  the PKCS#12 file to write (must not exist; made readable by its owner only)
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
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0)).build();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(days))), subject,
                    pair.getPublic());
            GeneralName[] san = new GeneralName[names.size()];
            for (int i = 0; i < san.length; i++) {
                String n = names.get(i);
                san[i] = new GeneralName(n.matches("[0-9.]+") || n.contains(":") ? GeneralName.iPAddress : GeneralName.dNSName, n);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = password.toCharArray();
            ks.setKeyEntry("node", pair.getPrivate(), pw, new Certificate[] {cert});
            try (OutputStream out = Files.newOutputStream(Files.createFile(file, PrivateFiles.ownerOnlyFile()))) {
                ks.store(out, pw);
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the certificate: " + e.getMessage(), e);
        }
    }
}
