package org.newsnode.storage.config;

import java.util.ArrayList;
import java.util.List;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/** Typed access to the parsed TOML with errors that carry the key's line. */
record ConfigReader(org.tomlj.TomlTable toml, String source, String prefix, TomlPosition table) {
    ConfigReader(TomlParseResult toml, String source) {
        this(toml, source, "", null);
    }

    /** An error naming the key, at its line (or the line of its table when the key is missing). */
    ConfigException error(String key, String message) {
        TomlPosition pos = toml.inputPositionOf(key) != null ? toml.inputPositionOf(key) : table;
        String where = pos == null ? source : source + " line " + pos.line();
        return new ConfigException(where + ": " + prefix + key + ": " + message);
    }

    /** The key's entry in {@link ConfigKeys}: its default and range (top-level or [[peer]] keys). */
    private ConfigKeys.Key key(String name) {
        if (prefix.isEmpty()) {
            return ConfigKeys.top(name);
        }
        if (prefix.startsWith("peer[")) {
            return ConfigKeys.peer(name);
        }
        throw new IllegalStateException(prefix + name + " has no entry in ConfigKeys");
    }

    String string(String key) throws ConfigException {
        return string(key, (String) key(key).def());
    }

    boolean bool(String key) throws ConfigException {
        return bool(key, (Boolean) key(key).def());
    }

    long integer(String key) throws ConfigException {
        ConfigKeys.Key k = key(key);
        return integer(key, k.defaultLong(), k.min(), k.max());
    }

    /** A key whose default is computed from others (its range is the table's). */
    long integer(String key, long def) throws ConfigException {
        ConfigKeys.Key k = key(key);
        return integer(key, def, k.min(), k.max());
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String key) throws ConfigException {
        return strings(key, (List<String>) key(key).def());
    }

    String string(String key, String def) throws ConfigException {
        if (!toml.contains(key)) {
            return def;
        }
        if (!toml.isString(key)) {
            throw error(key, "expected a string");
        }
        return toml.getString(key);
    }

    boolean bool(String key, boolean def) throws ConfigException {
        if (!toml.contains(key)) {
            return def;
        }
        if (!toml.isBoolean(key)) {
            throw error(key, "expected true or false");
        }
        return toml.getBoolean(key);
    }

    long integer(String key, long def, long min, long max) throws ConfigException {
        if (!toml.contains(key)) {
            return def;
        }
        if (!toml.isLong(key)) {
            throw error(key, "expected a whole number");
        }
        long v = toml.getLong(key);
        if (v < min || v > max) {
            throw error(key, v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    List<String> strings(String key, List<String> def) throws ConfigException {
        if (!toml.contains(key)) {
            return def;
        }
        if (toml.isString(key)) {
            return List.of(toml.getString(key));
        }
        if (!toml.isArray(key)) {
            throw error(key, "expected a string or a list of strings");
        }
        TomlArray a = toml.getArray(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object o = a.get(i);
            if (!(o instanceof String s)) {
                throw error(key, "element " + (i + 1) + " is not a string");
            }
            out.add(s);
        }
        return out;
    }
}
