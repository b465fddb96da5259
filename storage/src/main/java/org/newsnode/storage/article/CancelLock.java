package org.newsnode.storage.article;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cancel-Lock and Cancel-Key (RFC 8315), sha256 as the RFC requires and as libcanlock
 * (tin, INN) makes them: the key for an article is base64(HMAC-SHA256(secret, [uid]mid))
 * (§4), its lock base64(SHA-256(key as written)) (§3). A cancel or a Supersedes is
 * authorised when a hash of one of its keys is one of its target's locks (§3.5).
 */
public final class CancelLock {
    public static final String SCHEME = "sha256";

    /** One per thread (neither is thread-safe): looking a provider up costs more than the hash itself. */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private CancelLock() {
    }

    /** The c-key element for the article {@code messageId} under {@code secret} (RFC 8315 §4). */
    public static String key(byte[] secret, String user, String messageId) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256")); // init resets whatever a failed call left
            byte[] k = mac.doFinal(((user == null ? "" : user) + messageId).getBytes(StandardCharsets.UTF_8));
            return SCHEME + ":" + Base64.getEncoder().encodeToString(k);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The c-lock element that {@code cKey} ("sha256:…") opens (RFC 8315 §3). */
    public static String lockFor(String cKey) {
        String[] parts = split(cKey);
        if (parts == null) {
            return null;
        }
        byte[] hash = sha256(parts[1].getBytes(StandardCharsets.US_ASCII));
        return SCHEME + ":" + Base64.getEncoder().encodeToString(hash);
    }

    /** The elements of a Cancel-Lock or Cancel-Key field body (blank-separated, RFC 8315 §2). */
    public static List<String> elements(String fieldBody) {
        List<String> out = new ArrayList<>();
        if (fieldBody == null) {
            return out;
        }
        for (String e : fieldBody.strip().split("[ \t\r\n]+")) {
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * True when one of the keys opens one of the locks (RFC 8315 §3.5). Elements of an
     * unknown scheme are skipped; locks are compared in constant time.
     */
    public static boolean opens(List<String> keys, List<String> locks) {
        for (String k : keys) {
            String lock = lockFor(k);
            if (lock == null) {
                continue;
            }
            byte[] l = lock.getBytes(StandardCharsets.US_ASCII);
            for (String candidate : locks) {
                String[] c = split(candidate);
                if (c != null && MessageDigest.isEqual(l, (SCHEME + ":" + c[1]).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** scheme and value of "sha256:value", the scheme compared without case (§2); null for another scheme. */
    private static String[] split(String element) {
        int colon = element == null ? -1 : element.indexOf(':');
        if (colon <= 0 || !element.substring(0, colon).toLowerCase(Locale.ROOT).equals(SCHEME) || colon == element.length() - 1) {
            return null;
        }
        return new String[] {SCHEME, element.substring(colon + 1)};
    }

    private static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data); // digest resets the instance
    }
}
