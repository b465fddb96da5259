package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.TestNode;

/** A client that sends its commands and shuts down its sending side still gets every reply (`nc -N`, scripts). */
class HalfCloseTest {
    @TempDir
    Path dir;

    private static String session(int port, String commands) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // input ending is not output ending
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII); // until the node closes
        }
    }

    @Test
    void everyCommandSentBeforeAHalfCloseIsAnswered() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            node.createGroup("local.test");
            for (int i = 0; i < 10; i++) {
                String all = session(node.port(), "CAPABILITIES\r\nDATE\r\nGROUP local.test\r\nLIST ACTIVE\r\nQUIT\r\n");
                assertTrue(all.contains("\r\n101 ") && all.contains("\r\n111 ") && all.contains("\r\n211 0 1 0 local.test\r\n")
                        && all.contains("\r\n215 ") && all.endsWith("205 Bye!\r\n"), "run " + i + ":\n" + all);
            }
            String noQuit = session(node.port(), "DATE\r\nHELP\r\n");
            assertTrue(noQuit.contains("\r\n111 ") && noQuit.contains("\r\n100 ") && noQuit.endsWith(".\r\n"),
                    "without QUIT the node answers, then closes: " + noQuit);
        }
    }
}
