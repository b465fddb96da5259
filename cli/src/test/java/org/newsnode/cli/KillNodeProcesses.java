package org.newsnode.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** For test classes that start nodes with {@link NodeProcess}: a failing test leaves none running. */
final class KillNodeProcesses implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        NodeProcess.STARTED.forEach(Process::destroyForcibly);
        NodeProcess.STARTED.clear();
    }
}
