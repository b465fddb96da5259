package org.newsnode.nntp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.config.UserConfig;

/** The [[user]] accounts AUTHINFO checks against; replaced as a whole when the configuration reloads. */
public final class UserDirectory {
    private volatile Map<String, UserConfig> byName = Map.of();

    public UserDirectory(List<UserConfig> users) {
        replace(users);
    }

    public void replace(List<UserConfig> users) {
        Map<String, UserConfig> m = new HashMap<>();
        for (UserConfig u : users) {
            m.put(u.name(), u);
        }
        byName = Map.copyOf(m);
    }

    /** The account with this name, or null. */
    public UserConfig find(String name) {
        return byName.get(name);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
