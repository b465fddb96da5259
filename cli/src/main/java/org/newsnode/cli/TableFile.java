package org.newsnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsnode.storage.io.PrivateFiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;

/**
 * Edits the [[peer]] and [[user]] tables of newsnode.toml in place, keeping everything else
 * (comments included) as the operator wrote it. Every change is validated by parsing the
 * whole new file before it replaces the old one.
 */
final class TableFile {
    private TableFile() {
    }

    /** Appends a [[table]] with this name; refuses a name already in use. */
    static void add(Path file, String table, String name, List<String> keyValues) throws IOException, ConfigException {
        String text = Files.readString(file);
        NodeConfig.parse(text, file.toString()); // the file as it is must be valid before it is changed
        if (find(Files.readAllLines(file), table, name) != null) {
            throw new ConfigException(file + ": a " + table + " named \"" + name + "\" already exists");
        }
        StringBuilder b = new StringBuilder(text);
        if (!text.endsWith("\n")) {
            b.append('\n');
        }
        b.append("\n[[").append(table).append("]]\nname = ").append(quote(name)).append('\n');
        for (String kv : keyValues) {
            b.append(kv).append('\n');
        }
        write(file, b.toString());
    }

    /**
     * Changes keys of the [[table]] with that name: a key given replaces its line where it
     * is (or is added at the table's end), a key unset loses its line; other lines stay.
     * False when there is no such table.
     */
    static boolean set(Path file, String table, String name, Map<String, String> values, Collection<String> unset)
            throws IOException, ConfigException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int[] span = find(lines, table, name);
        if (span == null) {
            return false;
        }
        Map<String, String> left = new LinkedHashMap<>(values);
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(span[0], span[1])) {
            String key = keyOf(line);
            if (key != null && left.containsKey(key)) {
                body.add(key + " = " + left.remove(key));
            } else if (key == null || !unset.contains(key)) {
                body.add(line);
            }
        }
        int at = body.size();
        while (at > 1 && body.get(at - 1).isBlank()) {
            at--; // new keys go after the table's last key, before the blank lines that end it
        }
        body.addAll(at, lines(left));
        lines.subList(span[0], span[1]).clear();
        lines.addAll(span[0], body);
        write(file, String.join("\n", lines) + "\n");
        return true;
    }

    /** key = value lines from a map. */
    static List<String> lines(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
    }

    /** The key a "key = value" line sets, or null for a comment, a blank or a header line. */
    private static String keyOf(String line) {
        String t = line.strip();
        int eq = t.indexOf('=');
        if (eq <= 0 || t.startsWith("#") || t.startsWith("[")) {
            return null;
        }
        String key = t.substring(0, eq).strip();
        return key.startsWith("\"") && key.endsWith("\"") && key.length() > 1 ? key.substring(1, key.length() - 1) : key;
    }

    /** Removes the [[table]] with that name; false when there is none. */
    static boolean remove(Path file, String table, String name) throws IOException, ConfigException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int[] span = find(lines, table, name);
        if (span == null) {
            return false;
        }
        lines.subList(span[0], span[1]).clear();
        write(file, String.join("\n", lines) + "\n");
        return true;
    }

    /** The lines [start, end) of the [[table]] whose name is {@code name}, or null. */
    private static int[] find(List<String> lines, String table, String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("[[" + table + "]]")) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().startsWith("[")) {
                    end++;
                }
                if (lines.subList(i, end).stream().anyMatch(l -> l.strip().replace(" ", "").equals("name=" + quote(name)))) {
                    return new int[] {i, end};
                }
                i = end - 1;
            }
        }
        return null;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void write(Path file, String text) throws IOException, ConfigException {
        NodeConfig.parse(text, file.toString()); // never write a file the node would refuse
        PrivateFiles.write(file, text); // 0600: it holds password hashes and peer passwords
    }
}
