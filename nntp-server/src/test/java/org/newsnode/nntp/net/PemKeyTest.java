package org.newsnode.nntp.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.newsnode.storage.config.ConfigException;

/** PEM private keys in each form openssl writes them: PKCS#8, PKCS#1 (RSA), SEC1 (EC). */
class PemKeyTest {
    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter out = new JcaPEMWriter(w)) {
            out.writeObject(o);
        }
        return w.toString();
    }

    /** SEC1 (RFC 5915): the curve named inside the key, where openssl puts it. */
    private static org.bouncycastle.util.io.pem.PemObject sec1(KeyPair k) throws Exception {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(k.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void everyUnencryptedFormReadsAsTheSameKey() throws Exception {
        for (KeyPair k : new KeyPair[] {rsa(), ec()}) {
            String traditional = k.getPrivate().getAlgorithm().equals("RSA") ? pem(k.getPrivate()) // "RSA PRIVATE KEY"
                    : pem(sec1(k)); // "EC PRIVATE KEY" as openssl ecparam -genkey writes it
            assertTrue(traditional.contains(k.getPrivate().getAlgorithm().equals("RSA") ? "BEGIN RSA PRIVATE KEY"
                    : "BEGIN EC PRIVATE KEY"), traditional);
            String pkcs8 = pem(new JcaPKCS8Generator(k.getPrivate(), null));
            assertTrue(pkcs8.contains("BEGIN PRIVATE KEY"), pkcs8);
            for (String text : new String[] {traditional, pkcs8}) {
                assertTrue(signsFor(TlsContexts.pemKey(text.getBytes(StandardCharsets.US_ASCII)), k.getPublic()), text);
            }
        }
    }

    /** The key read signs what the original public key verifies: the same key. */
    private static boolean signsFor(java.security.PrivateKey key, java.security.PublicKey pub) throws Exception {
        String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        java.security.Signature s = java.security.Signature.getInstance(alg);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        java.security.Signature v = java.security.Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(new byte[] {1, 2, 3});
        return v.verify(sig);
    }

    @Test
    void aFileWithoutAKeyOrWithBrokenBase64SaysSo() {
        ConfigException none = assertThrows(ConfigException.class, () -> TlsContexts.pemKey(
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(none.getMessage().startsWith("tls.key: "), none.getMessage());
        ConfigException nothing = assertThrows(ConfigException.class, () -> TlsContexts.pemKey("hello".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(nothing.getMessage().contains("no \"BEGIN PRIVATE KEY\" block"), nothing.getMessage());
    }
}
