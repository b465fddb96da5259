package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `newsnode post` against a mode-switching server (INN's innd in transit mode answers reader
 * commands "401 MODE-READER" until MODE READER, RFC 3977 §3.2.1.1, §5.3).
 */
class ModeReaderClientTest {
    @TempDir
    Path dir;

    @Test
    void postSwitchesAModeSwitchingServerToReaderMode() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    out.write("200 transit.example InterNetNews server ready (transit mode)\r\n".getBytes(StandardCharsets.US_ASCII));
                    boolean reader = false;
                    String line;
                    while ((line = in.readLine()) != null) {
                        seen.add(line);
                        String reply;
                        if (line.equals("MODE READER")) {
                            reader = true;
                            reply = "200 reader.example InterNetNews NNRP server ready (posting ok)";
                        } else if (line.equals("POST") && !reader) {
                            reply = "401 MODE-READER";
                        } else if (line.equals("POST")) {
                            out.write("340 Ok, recommended message-ID <m1@reader.example>\r\n".getBytes(StandardCharsets.US_ASCII));
                            while (!(line = in.readLine()).equals(".")) {
                                // the article
                            }
                            reply = "240 Article received <m1@reader.example>";
                        } else if (line.equals("QUIT")) {
                            out.write("205 Bye!\r\n".getBytes(StandardCharsets.US_ASCII));
                            return;
                        } else {
                            reply = "500 What?";
                        }
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (Exception e) {
                    // the test reports what it saw
                }
            });
            t.setDaemon(true);
            t.start();
            Path body = Files.writeString(dir.resolve("body.txt"), "hello INN\n");
            CliTest.Run r = CliTest.run("post", "--server", "127.0.0.1:" + server.getLocalPort(), "--group", "local.interop",
                    "--subject", "mode switch", "--from", "a@example.org", body.toString());
            assertEquals(0, r.code(), r.err() + " seen: " + seen);
            assertEquals("<m1@reader.example>\n", r.out());
            assertTrue(seen.indexOf("MODE READER") > seen.indexOf("POST"), "MODE READER after the 401, then POST again: " + seen);
            assertEquals(2, seen.stream().filter("POST"::equals).count());
        }
    }

    @Test
    void aServerThatListsModeReaderIsSwitchedFirst() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    out.write("200 transit.example ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    String line;
                    while ((line = in.readLine()) != null) {
                        seen.add(line);
                        String reply = switch (line) {
                            case "CAPABILITIES" -> "101 Capability list:\r\nVERSION 2\r\nIHAVE\r\nMODE-READER\r\n.";
                            case "MODE READER" -> "200 reader ready";
                            case "POST" -> seen.contains("MODE READER") ? "340 Ok, recommended message-ID <m2@reader.example>"
                                    : "500 not a reader"; // no 401 here: only the capability tells
                            case "QUIT" -> "205 Bye!";
                            default -> "500 What?";
                        };
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (reply.startsWith("340")) {
                            while (!(line = in.readLine()).equals(".")) {
                                // the article
                            }
                            out.write("240 Article received <m2@reader.example>\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (Exception e) {
                    // the test reports what it saw
                }
            });
            t.setDaemon(true);
            t.start();
            Path body = Files.writeString(dir.resolve("body.txt"), "hello\n");
            CliTest.Run r = CliTest.run("post", "--server", "127.0.0.1:" + server.getLocalPort(), "--group", "local.interop",
                    "--subject", "capability", "--from", "a@example.org", body.toString());
            assertEquals(0, r.code(), r.err() + " seen: " + seen);
            assertEquals(List.of("CAPABILITIES", "MODE READER", "POST"), seen.subList(0, 3), "RFC 3977 §5.3: " + seen);
        }
    }
}
