package org.newsnode.storage.config;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as stored in the configuration: the JDK's PBKDF2 with HMAC-SHA-256, a
 * random 16-octet salt, written as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). The
 * iteration count travels with the hash, so raising the default later keeps old hashes valid.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2021 figure for PBKDF2-HMAC-SHA256; about 0.2 s of one core here. */
    public static final int DEFAULT_ITERATIONS = 310_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a fresh salt. */
    public static String create(char[] password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    /** With a chosen iteration count (tests use fewer; stronger hardware may want more). */
    public static String create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** True when {@code text} has the form this class writes (checked when the config loads). */
    public static boolean isWellFormed(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code password} hashes to {@code stored}; compares in constant time. */
    public static boolean verify(String password, String stored) {
        Parsed p = parse(stored);
        char[] chars = password.toCharArray();
        try {
            return MessageDigest.isEqual(p.hash(), derive(chars, p.salt(), p.iterations()));
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /**
     * A well-formed hash no password matches (random salt and digest): verifying against it
     * costs what a real account's check costs, for names that do not exist.
     */
    public static String unmatchable(int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** The iteration count of a stored hash (a dummy for unknown users costs the same). */
    public static int iterations(String stored) {
        return parse(stored).iterations();
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + "$ITERATIONS$SALT$HASH value (make one with `newsnode user add`)");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1_000 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("weak or damaged " + SCHEME + " value");
            }
            return new Parsed(iterations, salt, hash);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
