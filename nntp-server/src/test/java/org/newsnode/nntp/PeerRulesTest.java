package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.config.NodeConfig;

/** What a peer may feed us: its accept-groups (INN incoming.conf patterns), whatever Path it writes. */
class PeerRulesTest {
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient peer;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.withPeer(dir, "upstream", "peer.example", "accept-groups = \"local.*,!local.secret\"\n");
        node.createGroup("local.test");
        node.createGroup("local.secret");
        node.createGroup("other.group");
        peer = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        node.close();
    }

    private String takethis(String id, String groups) throws Exception {
        peer.send("TAKETHIS " + id + "\r\n" + NntpTestClient.dotStuff(TransitTest.article(id, groups, "forged!path")) + ".\r\n");
        return peer.readLine();
    }

    @Test
    void groupsOutsideThePeersPatternsAreNotTakenFromIt() throws Exception {
        assertTrue(takethis("<s1@peer.example>", "local.secret").startsWith("439 <s1@peer.example>"));
        assertNull(node.storage().history().state("<s1@peer.example>"), "not remembered: a peer allowed to feed it still can");
        assertTrue(takethis("<s2@peer.example>", "other.group").startsWith("439 "));
        assertEquals("239 <s3@peer.example>", takethis("<s3@peer.example>", "local.secret,local.test,other.group"));
        assertEquals("211 1 1 1 local.test", peer.cmd("GROUP local.test"));
        assertEquals("211 0 1 0 local.secret", peer.cmd("GROUP local.secret"), "stored only where the peer may feed");
        assertEquals("211 0 1 0 other.group", peer.cmd("GROUP other.group"));
    }

    @Test
    void aBadAcceptGroupsPatternNamesTheKey() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.newsnode.storage.config.ConfigException.class,
                () -> NodeConfig.parse("path-identity = \"h\"\n[[peer]]\nname = \"p\"\nhost = \"h\"\npath-identity = \"p\"\n"
                        + "accept-groups = \"local.[\"\n", "t.toml"));
        assertTrue(e.getMessage().contains("accept-groups"), e.getMessage());
    }
}
