package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.TestNode;

/** Interop: a real newsreader library (Python's nntplib) talks to the server over a socket. */
class NntplibInteropTest {
    @TempDir
    Path dir;

    @Test
    void pythonNntplibSession() throws Exception {
        Path script = dir.resolve("nntplib_session.py");
        try (InputStream in = getClass().getResourceAsStream("/nntplib_session.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (TestNode node = TestNode.start(dir)) {
            node.createGroup("local.interop");
            Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(node.port()))
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nntplib session timed out");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.strip().endsWith("ok"), out);
        }
    }
}
