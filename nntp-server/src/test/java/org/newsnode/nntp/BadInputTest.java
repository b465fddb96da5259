package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;

/**
 * Hostile and broken input: each case gets its code or a clean close, nothing partial is
 * stored, and the node keeps serving everyone else.
 */
class BadInputTest {
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient c;
    NntpTestClient bystander;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir);
        node.createGroup("local.test");
        c = node.client();
        bystander = node.client();
        assertEquals("211 0 1 0 local.test", bystander.cmd("GROUP local.test"));
    }

    @AfterEach
    void stop() throws Exception {
        assertTrue(bystander.cmd("GROUP local.test").startsWith("211 "), "another session is unaffected");
        bystander.close();
        c.close();
        node.close();
    }

    @Test
    void overlongCommandLineGets501AndTheSessionGoesOn() throws Exception {
        assertEquals("501 Line too long", c.cmd("GROUP " + "a".repeat(600)));
        assertEquals("501 Line too long", c.cmd("X".repeat(100_000)));
        // 510 octets plus CRLF is the longest legal line (RFC 3977 §3.1)
        String echo = c.cmd("GROUP " + "b".repeat(504));
        // the reply quotes the name but stays within 512 octets itself (RFC 3977 §3.1)
        assertEquals("411 No such group " + "b".repeat(510 - 18 - 3) + "...", echo);
        assertEquals("501 Line too long", c.cmd("GROUP " + "b".repeat(505)));
        assertTrue(c.cmd("DATE").startsWith("111 "));
    }

    @Test
    void unknownCommandAndWrongArguments() throws Exception {
        assertEquals("500 What?", c.cmd("FROBNICATE"));
        assertEquals("500 What?", c.cmd(""));
        assertEquals("500 What?", c.cmd("   "));
        assertEquals("501 Syntax is: DATE", c.cmd("DATE now"));
        assertEquals("501 Syntax is: HDR field [range|message-ID]", c.cmd("HDR"));
        assertTrue(c.cmd("date").startsWith("111 "), "commands are case-insensitive");
    }

    @Test
    void nulAndControlBytesInCommands() throws Exception {
        assertEquals("500 What?", c.cmd("GR\0UP local.test"));
        // the name is quoted, but no control byte goes back raw (it could end the reply line early)
        assertEquals("411 No such group local.?test", c.cmd("GROUP local.\0test"));
        assertEquals("500 What?", c.cmd("\u0001\u0002\u0003"));
        assertEquals("211 0 1 0 local.test", c.cmd("GROUP local.test"));
    }

    @Test
    void eightBitAndInvalidUtf8InCommands() throws Exception {
        c.sendBytes("GROUP caf\u00e9.\u00ff\u00fe\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(c.readLine().startsWith("411 No such group caf"));
        assertEquals("211 0 1 0 local.test", c.cmd("GROUP local.test"));
    }

    @Test
    void bareLineFeedCommandsWork() throws Exception {
        c.send("GROUP local.test\nDATE\n");
        assertEquals("211 0 1 0 local.test", c.readLine());
        assertTrue(c.readLine().startsWith("111 "));
    }

    @Test
    void bareCarriageReturnIsPartOfTheLine() throws Exception {
        assertEquals("411 No such group local.test?X", c.cmd("GROUP local.test\rX"), "part of the name, and not echoed raw");
    }

    @Test
    void clientHangingUpMidArticleStoresNothing() throws Exception {
        assertTrue(c.cmd("POST").startsWith("340"));
        c.send("From: a@example.org\r\nNewsgroups: local.test\r\nSubject: cut\r\nMessage-ID: <cut@example.org>\r\n\r\nhalf an ar");
        c.close();
        // a later, complete article with the same ID is accepted: the cut one left no trace
        try (NntpTestClient again = node.client()) {
            String r = again.post("From: a@example.org\r\nNewsgroups: local.test\r\nSubject: whole\r\n"
                    + "Message-ID: <cut@example.org>\r\n\r\nwhole\r\n");
            assertEquals("240 Article received <cut@example.org>", r);
            assertEquals(List.of("222 0 <cut@example.org> body", "whole"), again.multi("BODY <cut@example.org>"));
            assertEquals("211 1 1 1 local.test", again.cmd("GROUP local.test"), "only the whole article is stored");
        }
        c = node.client();
    }

    @Test
    void thousandsOfPipelinedCommandsAreAnsweredInOrder() throws Exception {
        StringBuilder b = new StringBuilder();
        int n = 5000;
        for (int i = 0; i < n; i++) {
            b.append(i % 2 == 0 ? "GROUP local.test\r\n" : "STAT " + i + "\r\n");
        }
        c.send(b.toString());
        for (int i = 0; i < n; i++) {
            String line = c.readLine();
            assertEquals(i % 2 == 0 ? "211 0 1 0 local.test" : "423 No such article number " + i, line);
        }
    }

    @Test
    void commandsSentBeforeTheGreetingAreAnsweredAfterIt() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
            s.getOutputStream().write("DATE\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("200 "));
            assertTrue(in.readLine().startsWith("111 "));
            assertEquals("205 Bye!", in.readLine());
        }
    }

    @Test
    void takethisFromANonPeerIsRefusedAndItsArticleSkippedWhole() throws Exception {
        // no MODE STREAM, not a peer: 502, and the article lines that follow are not taken as commands
        c.send("TAKETHIS <t@x>\r\n" + NntpTestClient.dotStuff(NntpTestClient.article("local.test", "sneaky",
                "QUIT\r\nGROUP local.test")) + ".\r\nDATE\r\n");
        assertEquals("502 Permission denied", c.readLine());
        assertTrue(c.readLine().startsWith("111 "), "the next command is the first answered after the article");
        assertEquals(0, node.storage().group("local.test").count(), "nothing stored");
    }

    @Test
    void articleWithADotLineInsideTheHeadersEndsThere() throws Exception {
        assertTrue(c.cmd("POST").startsWith("340"));
        // the "." line ends the article early: what came before it is header fields alone (nnrpd's first check)
        c.send("From: a@example.org\r\nNewsgroups: local.test\r\n.\r\nSubject: after dot\r\n\r\nbody\r\n.\r\n");
        assertEquals("441 Article has no body -- just headers", c.readLine());
        assertEquals("500 What?", c.readLine(), "the rest arrives as commands: \"Subject: after dot\"");
        assertEquals("500 What?", c.readLine(), "the empty line");
        assertEquals("412 Not in a newsgroup", c.readLine(), "\"body\" is the BODY command");
        assertEquals("500 What?", c.readLine(), "\".\" alone is not a command");
        assertEquals("211 0 1 0 local.test", c.cmd("GROUP local.test"));
    }
}
