package org.newsnode.storage.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The [tls] table: the node's key and certificate (RFC 4642 / RFC 8143), where implicit TLS
 * is served, whether AUTHINFO needs TLS first, and what the feeder trusts on peer links.
 * Relative file names are taken from the node home.
 *
 * @param certificate    PKCS#12 file, or PEM certificate chain (then {@code key} is the PEM key); null: no TLS
 * @param key            PEM private key (PKCS#8 or PKCS#1 RSA) for a PEM certificate
 * @param password       password of the PKCS#12 file
 * @param listen         addresses served with implicit TLS (563 by convention)
 * @param requireForAuth AUTHINFO only under TLS (483 before); applies when a certificate is set
 * @param trustStore     CA certificates for peer links (PEM bundle or PKCS#12/JKS); null: the JDK's
 * @param trustStorePassword password of a PKCS#12/JKS trust store
 * @param allowPlainAuth AUTHINFO over an unencrypted connection from beyond loopback (a password readable on the way)
 */
public record TlsConfig(String certificate, String key, String password, List<InetSocketAddress> listen,
                        boolean requireForAuth, String trustStore, String trustStorePassword, boolean allowPlainAuth) {

    public static final TlsConfig NONE = new TlsConfig(null, null, null, List.of(), true, null, null, false);

    /** True when the node has a certificate: STARTTLS is offered and implicit TLS may listen. */
    public boolean enabled() {
        return certificate != null;
    }

    public static Path resolve(Path home, String file) {
        return file == null ? null : home.resolve(file);
    }

    @Override
    public String toString() {
        return "TlsConfig[certificate=" + certificate + ", key=" + key + ", listen=" + listen + ", requireForAuth="
                + requireForAuth + ", trustStore=" + trustStore + "]"; // passwords stay out of logs
    }
}
