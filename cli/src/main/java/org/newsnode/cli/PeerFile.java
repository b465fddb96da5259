package org.newsnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;

/**
 * Edits the [[peer]] tables of newsnode.toml in place, keeping everything else (comments
 * included) as the operator wrote it. Every change is validated by parsing the whole new
 * file before it replaces the old one.
 */
final class PeerFile {
    private PeerFile() {
    }

    /** Appends a [[peer]] table; refuses a name already in use. */
    static void add(Path file, String name, List<String> keyValues) throws IOException, ConfigException {
        String text = Files.readString(file);
        NodeConfig current = NodeConfig.parse(text, file.toString());
        if (current.peers().stream().anyMatch(p -> p.name().equals(name))) {
            throw new ConfigException(file + ": a peer named \"" + name + "\" already exists");
        }
        StringBuilder b = new StringBuilder(text);
        if (!text.endsWith("\n")) {
            b.append('\n');
        }
        b.append("\n[[peer]]\nname = ").append(quote(name)).append('\n');
        for (String kv : keyValues) {
            b.append(kv).append('\n');
        }
        write(file, b.toString());
    }

    /** Removes the [[peer]] table with that name; false when there is none. */
    static boolean remove(Path file, String name) throws IOException, ConfigException {
        List<String> lines = Files.readAllLines(file);
        List<String> out = new ArrayList<>();
        boolean removed = false;
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).strip().equals("[[peer]]")) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().startsWith("[")) {
                    end++;
                }
                List<String> block = lines.subList(i, end);
                if (block.stream().anyMatch(l -> l.strip().replace(" ", "").equals("name=" + quote(name)))) {
                    removed = true;
                    i = end;
                    continue;
                }
            }
            out.add(lines.get(i));
            i++;
        }
        if (removed) {
            write(file, String.join("\n", out) + "\n");
        }
        return removed;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void write(Path file, String text) throws IOException, ConfigException {
        NodeConfig.parse(text, file.toString()); // never write a file the node would refuse
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
