package org.newsnode.storage.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.newsnode.storage.io.PrivateFiles;

/**
 * The exclusive hold one process has on a data directory for as long as its store is open:
 * a second opener (a second serve, an admin command that missed the node) is refused before
 * it reads or changes anything. The lock file holds the owner's PID so the refusal can name it.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on dir (created 0700 if absent), or throws naming the process that holds it. */
    public static DataDirLock acquire(Path dir) throws StoreInUseException, IOException {
        PrivateFiles.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PrivateFiles.ownerOnlyFile());
        FileLock held;
        try {
            held = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this very process has it open already
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (held == null) {
            String owner = readOwner(ch);
            ch.close();
            throw new StoreInUseException(dir, owner);
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            ch.close(); // drops the lock too
            throw e;
        }
        return new DataDirLock(ch, held);
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,10}") ? pid : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // releases the lock; the file stays: deleting it would let two openers lock two files
        } catch (IOException ignored) {
            // the descriptor is gone either way, and the OS drops the lock with it
        }
    }
}
