package org.newsnode.nntp.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.TlsConfig;

/**
 * Builds the TLS contexts of a node from its [tls] table: the server side from a PKCS#12
 * file or a PEM pair, the client side (peer links) from a trust store or a pinned
 * certificate fingerprint. Every failure is a {@link ConfigException} naming the key.
 */
public final class TlsContexts {
    /** RFC 8143 §3: TLS 1.2 or later only. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The server context (STARTTLS and the implicit-TLS listener). */
    public static SSLContext server(TlsConfig tls, Path home) throws ConfigException {
        KeyStore ks = keyStore(tls, home);
        char[] pw = password(tls.password());
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.certificate: cannot use the key: " + e.getMessage());
        }
    }

    /**
     * A client context for one peer link: with {@code pin} only a certificate with that
     * SHA-256 fingerprint is accepted (no CA or name check); else the chain must lead to the
     * trust store (or the JDK's CAs) and, set on the engine, name the peer's host.
     */
    public static SSLContext client(TlsConfig tls, Path home, String pin, String peer) throws ConfigException {
        try {
            TrustManager tm = pin != null ? new PinnedTrustManager(pin, peer) : new ExplainingTrustManager(pkix(tls, home), peer);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.trust-store: " + e.getMessage());
        }
    }

    /** The certificate's SHA-256 fingerprint as "sha256:AB:CD:…", the form tls-fingerprint takes. */
    public static String fingerprint(Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return "sha256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fingerprint as 64 lower-case hex digits, or null when {@code text} is not one ("sha256:" and colons optional). */
    public static String normalizeFingerprint(String text) {
        return org.newsnode.storage.config.PeerConfig.normalizeFingerprint(text);
    }

    /** The node's certificate chain (for `newsnode tls show` and logs). */
    public static List<X509Certificate> chain(TlsConfig tls, Path home) throws ConfigException {
        KeyStore ks = keyStore(tls, home);
        try {
            String alias = ks.aliases().nextElement();
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : ks.getCertificateChain(alias)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.certificate: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- key material

    private static KeyStore keyStore(TlsConfig tls, Path home) throws ConfigException {
        if (!tls.enabled()) {
            throw new ConfigException("tls.certificate: missing (make one with `newsnode tls self-signed`)");
        }
        Path cert = TlsConfig.resolve(home, tls.certificate());
        byte[] bytes = read(cert, "tls.certificate");
        if (isPem(bytes)) {
            return pemKeyStore(bytes, tls, home);
        }
        if (tls.key() != null) {
            throw new ConfigException("tls.key: only used with a PEM certificate; " + cert + " is not PEM (a PKCS#12 file holds its key)");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password(tls.password()));
            String alias = null;
            for (var e = ks.aliases(); e.hasMoreElements();) {
                String a = e.nextElement();
                if (ks.isKeyEntry(a)) {
                    alias = a;
                    break;
                }
            }
            if (alias == null) {
                throw new ConfigException("tls.certificate: " + cert + " holds no private key");
            }
            return ks;
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong tls.password" : e.getMessage();
            throw new ConfigException("tls.certificate: cannot read " + cert + " as PKCS#12: " + why);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.certificate: cannot read " + cert + " as PKCS#12: " + e.getMessage());
        }
    }

    private static KeyStore pemKeyStore(byte[] certBytes, TlsConfig tls, Path home) throws ConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certBytes))) {
                chain.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new ConfigException("tls.certificate: not a PEM certificate chain: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigException("tls.certificate: no certificate in the file");
        }
        if (tls.key() == null) {
            throw new ConfigException("tls.key: missing (the PEM private key that goes with tls.certificate)");
        }
        PrivateKey key = pemKey(read(TlsConfig.resolve(home, tls.key()), "tls.key"));
        if (!matches(key, chain.get(0))) {
            throw new ConfigException("tls.key: does not belong to the first certificate of tls.certificate");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("node", key, password(tls.password()), chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("tls.key: " + e.getMessage());
        }
    }

    /**
     * A PEM private key, read with BouncyCastle's PEM parser: PKCS#8 ("PRIVATE KEY"), PKCS#1
     * ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), of any algorithm the JDK has.
     */
    static PrivateKey pemKey(byte[] pem) throws ConfigException {
        PrivateKeyInfo info = null;
        boolean encrypted = false;
        try (PEMParser in = new PEMParser(new java.io.StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object o = in.readObject(); o != null && info == null; o = in.readObject()) {
                if (o instanceof PrivateKeyInfo k) {
                    info = k;
                } else if (o instanceof PEMKeyPair kp) {
                    info = kp.getPrivateKeyInfo();
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair) {
                    encrypted = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("tls.key: not a readable PEM block: " + e.getMessage());
        }
        if (info == null) {
            throw new ConfigException("tls.key: " + (encrypted
                    ? "an encrypted key; decrypt it: openssl pkcs8 -in KEY -out KEY.pem" : "no \"BEGIN PRIVATE KEY\" block"));
        }
        byte[] der;
        try {
            der = withCurveNamed(info).getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("tls.key: " + e.getMessage());
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new ConfigException("tls.key: not an RSA, EC or EdDSA private key");
    }

    /**
     * A SEC1 key ("EC PRIVATE KEY") names its curve inside the key, not in the algorithm
     * identifier where the JDK looks for it (RFC 5915 §3): the curve is copied there.
     */
    private static PrivateKeyInfo withCurveNamed(PrivateKeyInfo info) throws IOException {
        var alg = info.getPrivateKeyAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm()) || alg.getParameters() != null
                && !(alg.getParameters() instanceof org.bouncycastle.asn1.ASN1Null)) {
            return info;
        }
        ECPrivateKey key = ECPrivateKey.getInstance(info.parsePrivateKey());
        if (key.getParametersObject() == null) {
            return info;
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, key.getParametersObject()), key);
    }

    /** The key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "newsnode".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isPem(byte[] b) {
        return new String(b, 0, Math.min(b.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static byte[] read(Path file, String key) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static char[] password(String p) {
        return p == null ? new char[0] : p.toCharArray();
    }

    // ---------------------------------------------------------------- trust

    private static X509ExtendedTrustManager pkix(TlsConfig tls, Path home) throws GeneralSecurityException, ConfigException {
        KeyStore ts = null;
        if (tls.trustStore() != null) {
            Path file = TlsConfig.resolve(home, tls.trustStore());
            byte[] bytes = read(file, "tls.trust-store");
            try {
                ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                if (isPem(bytes)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                        ts.setCertificateEntry("ca" + i++, c);
                    }
                    if (i == 0) {
                        throw new ConfigException("tls.trust-store: no certificate in " + file);
                    }
                } else {
                    ts = KeyStore.getInstance(file.toFile(), password(tls.trustStorePassword()));
                }
            } catch (IOException e) {
                throw new ConfigException("tls.trust-store: cannot read " + file + ": " + e.getMessage());
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts exactly one server certificate, by its SHA-256 fingerprint (a peer's tls-fingerprint). */
    static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final String pin;
        private final String peer;

        PinnedTrustManager(String pin, String peer) {
            this.pin = normalizeFingerprint(pin);
            this.peer = peer;
            if (this.pin == null) {
                throw new IllegalArgumentException("not a SHA-256 fingerprint: " + pin);
            }
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("peer " + peer + " sent no certificate");
            }
            String got = fingerprint(chain[0]);
            if (!pin.equals(normalizeFingerprint(got))) {
                throw new CertificateException("peer " + peer + " presented certificate " + got
                        + ", not the one pinned by its tls-fingerprint");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The CA check, with a refusal that tells the operator the fingerprint to pin instead. */
    static final class ExplainingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager inner;
        private final String peer;

        ExplainingTrustManager(X509ExtendedTrustManager inner, String peer) {
            this.inner = inner;
            this.peer = peer;
        }

        private CertificateException explain(X509Certificate[] chain, CertificateException e) {
            String fp = chain == null || chain.length == 0 ? "none" : fingerprint(chain[0]);
            return new CertificateException("certificate of peer " + peer + " not trusted (" + e.getMessage()
                    + "); to trust it alone set tls-fingerprint = \"" + fp + "\" in its [[peer]]", e);
        }

        private interface Check {
            void run() throws CertificateException;
        }

        private void explained(X509Certificate[] chain, Check check) throws CertificateException {
            try {
                check.run();
            } catch (CertificateException e) {
                throw explain(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            explained(chain, () -> inner.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            explained(chain, () -> inner.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            explained(chain, () -> inner.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            inner.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            inner.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            inner.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return inner.getAcceptedIssuers();
        }
    }
}
