package org.newsnode.storage.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** Another process holds the data directory (see {@link DataDirLock}); nothing was read or changed. */
public final class StoreInUseException extends SQLException {
    private final transient Path dir;
    private final String pid;

    public StoreInUseException(Path dir, String pid) {
        super(dir + " is in use by process " + pid);
        this.dir = dir;
        this.pid = pid;
    }

    public Path dir() {
        return dir;
    }

    /** The holder's process id as its lock file says, or "?" when unreadable. */
    public String pid() {
        return pid;
    }
}
