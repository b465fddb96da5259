package org.newsnode.nntp.context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.config.PasswordHash;
import org.newsnode.storage.config.UserConfig;

/** The [[user]] accounts AUTHINFO checks against; replaced as a whole when the configuration reloads. */
public final class UserDirectory {
    private volatile Map<String, UserConfig> byName = Map.of();
    /** Hashed against when the name is unknown: the accounts' iteration count, matching no password. */
    private volatile String dummy = PasswordHash.unmatchable(PasswordHash.DEFAULT_ITERATIONS);

    public UserDirectory(List<UserConfig> users) {
        replace(users);
    }

    public void replace(List<UserConfig> users) {
        Map<String, UserConfig> m = new HashMap<>();
        for (UserConfig u : users) {
            m.put(u.name(), u);
        }
        byName = Map.copyOf(m);
        dummy = PasswordHash.unmatchable(users.isEmpty() ? PasswordHash.DEFAULT_ITERATIONS
                : PasswordHash.iterations(users.get(0).passwordHash()));
    }

    /**
     * True when {@code name} is an account and {@code password} its password. Takes as long
     * for an unknown name (a dummy hash of the same cost) so names cannot be told by timing.
     */
    public boolean verify(String name, String password) {
        UserConfig u = byName.get(name);
        if (u != null) {
            return u.verify(password);
        }
        PasswordHash.verify(password, dummy);
        return false;
    }

    /** The account with this name, or null. */
    public UserConfig find(String name) {
        return byName.get(name);
    }

    /** The hash an unknown name is checked against. */
    String dummyForUnknownNames() {
        return dummy;
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
