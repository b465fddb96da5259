package org.newsnode.storage.config;

/**
 * A [[user]] table: a name that AUTHINFO USER gives (RFC 4643 §2.3) and the hash of its
 * password ({@link PasswordHash}). A peer entry naming this user is that peer when a
 * session authenticates as it, whatever its address.
 */
public record UserConfig(String name, String passwordHash) {
    public boolean verify(String password) {
        return PasswordHash.verify(password, passwordHash);
    }
}
