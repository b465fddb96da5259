package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PasswordHash;
import org.newsnode.nntp.net.TlsContexts;

/**
 * TLS for readers (RFC 4642 as updated by RFC 8143): STARTTLS on the plain port and the
 * implicit-TLS listener, with a Java client and with Python's nntplib checking the chain and
 * the host name; AUTHINFO only under TLS; nothing sent before the handshake counts after it.
 */
class TlsTest {
    static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;

    /** A node made by `init --tls`, with the user alice and an implicit-TLS listener. */
    private Node start(NodeHome home, int port) throws Exception {
        home.init("tls.test", HOST + ":" + port);
        TlsCommand.create(home, List.of("localhost", HOST), 30);
        String hash = PasswordHash.create("alice's secret".toCharArray(), 5_000);
        String text = Files.readString(home.configFile()).replace("\n[tls]\n", "\n[tls]\nlisten = [\"" + HOST + ":0\"]\n")
                + "\n[[user]]\nname = \"alice\"\npassword = \"" + hash + "\"\n";
        Files.writeString(home.configFile(), text);
        return Node.start(home, home.loadConfig());
    }

    /** Trusts exactly the node's certificate. */
    private static SSLContext trusting(NodeHome home) throws Exception {
        NodeConfig c = home.loadConfig();
        String fp = TlsContexts.fingerprint(TlsContexts.chain(c.tls(), home.dir()).get(0));
        return TlsContexts.client(c.tls(), home.dir(), fp, "test");
    }

    @Test
    void startTlsThenLoginAndPost() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        try (Node node = start(home, port); NntpTestClient c = new NntpTestClient(HOST, port)) {
            List<String> caps = c.multi("CAPABILITIES");
            assertTrue(caps.contains("STARTTLS") && caps.contains("COMPRESS DEFLATE"), caps.toString());
            assertFalse(caps.contains("AUTHINFO USER"), "no AUTHINFO before TLS when TLS must come first: " + caps);
            assertEquals("483 Encryption required", c.cmd("AUTHINFO USER alice"));
            assertTrue(c.cmd("GROUP local.test").startsWith("211 "));
            // RFC 4642 §2.2.2: a command pipelined after STARTTLS in clear text must not run
            c.send("STARTTLS\r\nDATE\r\n");
            assertEquals("382 Begin TLS negotiation now", c.readLine());
            assertEquals("TLSv1.3", c.startTls(trusting(home)).getProtocol());
            List<String> after = c.multi("CAPABILITIES");
            assertTrue(after.get(0).startsWith("101 "), "the injected DATE got no answer: " + after);
            assertTrue(after.contains("AUTHINFO USER") && !after.contains("STARTTLS"), after.toString());
            assertEquals("412 Not in a newsgroup", c.cmd("STAT"), "the selected group was forgotten");
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS alice's secret"));
            assertEquals("502 Already using a security layer", c.cmd("STARTTLS"));
            String r = c.post(NntpTestClient.article("local.test", "under tls", "private words"));
            assertTrue(r.startsWith("240 "), r);
            assertTrue(c.multi("ARTICLE " + r.substring(r.indexOf('<'))).contains("private words"));
            assertEquals("205 Bye!", c.cmd("QUIT"));
            assertTrue(c.closedByServer(), "QUIT under TLS: 205, then the server ends the connection");
        }
    }

    @Test
    void compressDeflateForReaders() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        try (Node node = start(home, port); NntpTestClient c = new NntpTestClient(HOST, port)) {
            assertEquals("503 Only the DEFLATE compression algorithm is supported", c.cmd("COMPRESS LZ4"));
            assertEquals("206 Compression now active; enjoy the speed!", c.cmd("COMPRESS DEFLATE"));
            c.startCompression();
            List<String> caps = c.multi("CAPABILITIES");
            assertFalse(caps.contains("COMPRESS DEFLATE") || caps.contains("STARTTLS"), caps.toString());
            assertEquals("502 Already using a compression layer", c.cmd("COMPRESS DEFLATE"));
            assertEquals("502 Already using a compression layer", c.cmd("STARTTLS"), "RFC 8054: no TLS after COMPRESS");
            String body = "a line of text that repeats, as news does\r\n".repeat(2_000);
            String r = c.post(NntpTestClient.article("local.test", "compressed", body));
            assertTrue(r.startsWith("240 "), r);
            List<String> art = c.multi("BODY " + r.substring(r.indexOf('<')));
            assertTrue(art.get(0).startsWith("222 "), art.get(0));
            assertEquals(2_000, art.stream().filter(l -> l.equals("a line of text that repeats, as news does")).count(),
                    "every body line back through the inflater");
        }
        // under TLS too: compression inside the TLS layer
        try (Node node = Node.start(home, home.loadConfig()); NntpTestClient c = new NntpTestClient(HOST, port)) {
            assertEquals("382 Begin TLS negotiation now", c.cmd("STARTTLS"));
            c.startTls(trusting(home));
            assertEquals("206 Compression now active; enjoy the speed!", c.cmd("COMPRESS DEFLATE"));
            c.startCompression();
            assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            assertEquals("281 Authentication succeeded", c.cmd("AUTHINFO PASS alice's secret"));
            assertTrue(c.cmd("GROUP local.test").startsWith("211 1 "));
        }
    }

    @Test
    void aBrokenDeflateStreamEndsOnlyThatSession() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        home.init("deflate.test", HOST + ":" + port);
        try (Node node = Node.start(home, home.loadConfig())) {
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertEquals("206 Compression now active; enjoy the speed!", c.cmd("COMPRESS DEFLATE"));
                c.sendBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x12, 0x34, 0x56, 0x78, (byte) 0x9A}); // not DEFLATE
                assertTrue(c.closedByServer(), "no way to find the next command in a broken stream: closed");
            }
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertTrue(c.cmd("GROUP local.test").startsWith("211 "), "others are served");
            }
        }
    }

    @Test
    void implicitTlsListener() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        try (Node node = start(home, port)) {
            InetSocketAddress tls = node.tlsListening().get(0);
            try (NntpTestClient c = new NntpTestClient(trusting(home), HOST, tls.getPort())) {
                assertTrue(c.greeting().startsWith("200 "), c.greeting());
                List<String> caps = c.multi("CAPABILITIES");
                assertTrue(caps.contains("AUTHINFO USER") && !caps.contains("STARTTLS"), caps.toString());
                assertEquals("502 Already using a security layer", c.cmd("STARTTLS"));
                assertEquals("381 Enter passphrase", c.cmd("AUTHINFO USER alice"));
            }
            // a client that speaks clear text to the TLS port only loses its own connection
            try (java.net.Socket raw = new java.net.Socket(HOST, tls.getPort())) {
                raw.setSoTimeout(10_000);
                raw.getOutputStream().write("CAPABILITIES\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(endsWithoutAnswer(raw.getInputStream()), "closed, with no NNTP answer in clear text");
            }
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertTrue(c.greeting().startsWith("200 "));
            }
        }
    }

    @Test
    void garbageInsteadOfHandshakeEndsOnlyThatSession() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        try (Node node = start(home, port)) {
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertEquals("382 Begin TLS negotiation now", c.cmd("STARTTLS"));
                c.send("GROUP local.test\r\n"); // not a TLS record
                assertTrue(c.closedByServer());
            }
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertTrue(c.cmd("GROUP local.test").startsWith("211 "));
            }
        }
    }

    @Test
    void aClientThatNeverHandshakesIsClosedAfterTheInputTimeout() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        home.init("slow.test", HOST + ":" + port);
        TlsCommand.create(home, List.of(HOST), 30);
        Files.writeString(home.configFile(), Files.readString(home.configFile())
                .replace("input-timeout-seconds = 300", "input-timeout-seconds = 1")
                .replace("\n[tls]\n", "\n[tls]\nlisten = [\"" + HOST + ":0\"]\n"));
        try (Node node = Node.start(home, home.loadConfig())) {
            try (java.net.Socket quiet = new java.net.Socket(HOST, node.tlsListening().get(0).getPort());
                 NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertEquals("382 Begin TLS negotiation now", c.cmd("STARTTLS"));
                quiet.setSoTimeout(10_000); // far below the idle timeout (1800 s): a timeout here throws
                assertEquals(-1, quiet.getInputStream().read(), "implicit TLS port: closed without a handshake");
                assertTrue(c.closedByServer(), "STARTTLS without a handshake: closed too");
            }
            try (NntpTestClient c = new NntpTestClient(HOST, port)) {
                assertTrue(c.greeting().startsWith("200 "), "the node serves others");
            }
        }
    }

    @Test
    void withoutCertificateStartTlsIsRefused() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        home.init("plain.test", HOST + ":" + port);
        try (Node node = Node.start(home, home.loadConfig()); NntpTestClient c = new NntpTestClient(HOST, port)) {
            assertFalse(c.multi("CAPABILITIES").contains("STARTTLS"));
            assertEquals("580 Error initializing TLS", c.cmd("STARTTLS"));
            assertTrue(c.cmd("GROUP local.test").startsWith("211 "), "the session goes on");
        }
    }

    @Test
    void pythonNntplibStartTlsAndImplicitTls() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        int port = FloodingTest.freePort();
        try (Node node = start(home, port)) {
            NodeConfig c = home.loadConfig();
            Path ca = Pem.write(dir.resolve("node.pem"), "CERTIFICATE", TlsContexts.chain(c.tls(), home.dir()).get(0).getEncoded());
            Path script = dir.resolve("nntplib_tls.py");
            try (var in = getClass().getResourceAsStream("/nntplib_tls.py")) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder("python3", script.toString(), HOST, String.valueOf(port),
                    String.valueOf(node.tlsListening().get(0).getPort()), ca.toString(), "alice", "alice's secret")
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("plain caps") && out.lines().filter(l -> l.startsWith("plain caps")).findFirst().get().contains("STARTTLS"), out);
            assertFalse(out.lines().filter(l -> l.startsWith("tls caps")).findFirst().get().contains("STARTTLS"), out);
            assertTrue(out.contains("tls TLSv1.3") && out.contains("login ok") && out.contains("implicit TLSv1.3"), out);
            assertTrue(out.contains("read True"), out);
        }
    }

    /** The key and certificate `tls self-signed` makes in a new home named {@code name}. */
    private java.security.KeyStore.PrivateKeyEntry selfSignedEntry(String name) throws Exception {
        NodeHome h = new NodeHome(dir.resolve(name));
        h.init(name + ".test", HOST + ":" + FloodingTest.freePort());
        TlsCommand.create(h, List.of(HOST), 30);
        NodeConfig c = h.loadConfig();
        char[] pw = c.tls().password().toCharArray();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(h.dir().resolve(c.tls().certificate()))) {
            ks.load(in, pw);
        }
        return (java.security.KeyStore.PrivateKeyEntry) ks.getEntry("node", new java.security.KeyStore.PasswordProtection(pw));
    }

    @Test
    void pemCertificateAndKey() throws Exception {
        // a PEM pair as certbot writes it: the chain in one file, the PKCS#8 key in another
        java.security.KeyStore.PrivateKeyEntry made = selfSignedEntry("made");
        byte[] key = made.getPrivateKey().getEncoded();
        byte[] cert = made.getCertificate().getEncoded();
        NodeHome home = new NodeHome(dir.resolve("pem"));
        int port = FloodingTest.freePort();
        home.init("pem.test", HOST + ":" + port);
        Pem.write(home.dir().resolve("cert.pem"), "CERTIFICATE", cert);
        Pem.write(home.dir().resolve("key.pem"), "PRIVATE KEY", key);
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + "\n[tls]\ncertificate = \"cert.pem\"\nkey = \"key.pem\"\n");
        try (Node node = Node.start(home, home.loadConfig()); NntpTestClient c = new NntpTestClient(HOST, port)) {
            assertEquals("382 Begin TLS negotiation now", c.cmd("STARTTLS"));
            var session = c.startTls(trusting(home));
            assertEquals(TlsContexts.fingerprint(made.getCertificate()),
                    TlsContexts.fingerprint(session.getPeerCertificates()[0]), "the PEM certificate is served");
            assertTrue(c.cmd("GROUP local.test").startsWith("211 "));
        }
        // a key that belongs to another certificate is refused at start, naming the key
        Pem.write(home.dir().resolve("key.pem"), "PRIVATE KEY", selfSignedEntry("other").getPrivateKey().getEncoded());
        var e = assertThrows(org.newsnode.storage.config.ConfigException.class, () -> Node.start(home, home.loadConfig()));
        assertEquals("tls.key: does not belong to the first certificate of tls.certificate", e.getMessage());
    }

    @Test
    void badKeyMaterialNamesTheKey() throws Exception {
        NodeHome home = new NodeHome(dir.resolve("n"));
        home.init("bad.test", HOST + ":" + FloodingTest.freePort());
        Files.writeString(home.configFile(), Files.readString(home.configFile())
                + "\n[tls]\ncertificate = \"missing.pem\"\nkey = \"missing.key\"\n");
        var e = assertThrows(org.newsnode.storage.config.ConfigException.class, () -> Node.start(home, home.loadConfig()));
        assertTrue(e.getMessage().startsWith("tls.certificate: cannot read"), e.getMessage());
    }

    /** Reads to the end: true when the server closed the connection and sent no NNTP status line. */
    private static boolean endsWithoutAnswer(java.io.InputStream in) throws Exception {
        byte[] all = in.readAllBytes(); // at most a TLS alert record
        return !new String(all, StandardCharsets.ISO_8859_1).matches("(?s)^[0-9]{3} .*");
    }
}
