package org.newsnode.storage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a kill -9 right now would leave of a store: its files copied as they are, without the process's lock. */
public final class CrashSnapshot {
    private CrashSnapshot() {
    }

    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("lock")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
