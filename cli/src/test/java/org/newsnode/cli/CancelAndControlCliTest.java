package org.newsnode.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.CancelLock;

/**
 * The poster's and the operator's side of RFC 8315 and RFC 5537 §5 from the command line:
 * `newsnode post` locks what it posts with the user's key and `newsnode cancel` opens it (no
 * other key does); `newsnode control key/newgroup/rmgroup/cancel` sign and post through the
 * running node, which follows its own rules for its own messages.
 */
class CancelAndControlCliTest {
    @TempDir
    Path dir;
    Node node;
    Path home;
    int port;
    String publicKey;

    @BeforeEach
    void start() throws Exception {
        home = dir.resolve("node");
        NodeHome h = new NodeHome(home);
        h.init("ctl.test", "127.0.0.1:0");
        CliTest.Run key = CliTest.run("control", "key", "--init", "--user-id", "ctl.admin <usenet@ctl.test>", "--home", home.toString());
        assertEquals(0, key.code(), key.err());
        assertTrue(key.err().contains("fingerprint"), key.err());
        publicKey = key.out();
        assertTrue(publicKey.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), publicKey);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(ControlCommand.KEY_FILE))), "the secret key is owner-only");
        Files.writeString(home.resolve("keyring.asc"), publicKey);
        Files.writeString(h.configFile(), Files.readString(h.configFile()) + "\n[control]\nkeyring = \"keyring.asc\"\n"
                + "rules = [\"all:*:*:log\", \"newgroup:*:local.*:verify-ctl.admin\", \"rmgroup:*:local.*:verify-ctl.admin\"]\n");
        node = Node.start(h, h.loadConfig());
        port = node.listening().get(0).getPort();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private CliTest.Run client(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = "127.0.0.1:" + port;
        return CliTest.run(all);
    }

    private Path body() throws Exception {
        return Files.writeString(dir.resolve("body.txt"), "hello\n");
    }

    @Test
    void whatNewsnodePostLocksOnlyTheSameUsersCancelOpens() throws Exception {
        Path mine = dir.resolve("mine.secret");
        CliTest.Run post = client("post", "--group", "local.test", "--subject", "to be cancelled", "--from", "me@example.org",
                "--cancel-secret", mine.toString(), body().toString());
        assertEquals(0, post.code(), post.err());
        String id = post.out().strip();
        Article stored = Article.parse(node.storage().reader().byMessageId(id).wire());
        byte[] secret = Files.readAllBytes(mine);
        assertEquals(32, secret.length, "a new secret of 32 random octets");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
        assertTrue(stored.header("Cancel-Lock").startsWith(CancelLock.lockFor(CancelLock.key(secret, null, id)) + " "),
                "the poster's lock first, the node's after it: " + stored.header("Cancel-Lock"));

        CliTest.Run other = client("cancel", id, "--cancel-secret", dir.resolve("someone-else.secret").toString());
        assertEquals(0, other.code(), "the server takes the cancel message itself: " + other.err());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> node.storage().reader().byMessageId(id) != null);

        CliTest.Run cancel = client("cancel", id, "--cancel-secret", mine.toString());
        assertEquals(0, cancel.code(), cancel.err());
        await().atMost(Duration.ofSeconds(5)).until(() -> node.storage().reader().byMessageId(id) == null);
        assertEquals(2, CliTest.run("cancel", "not-an-id", "--server", "127.0.0.1:" + port).code());
    }

    @Test
    void theOperatorsSignedControlMessagesAreFollowedByItsOwnNode() throws Exception {
        String h = home.toString();
        CliTest.Run made = CliTest.run("control", "newgroup", "local.talk", "--moderated", "--description", "Talk (Moderated)",
                "--home", h);
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("here: local.talk exists (m)"), made.out());
        assertEquals("Talk (Moderated)", node.storage().group("local.talk").description());
        Article ctl = Article.parse(node.storage().reader().byNumber(node.storage().group("control.newgroup"), 1).wire());
        assertNotNull(ctl.header("X-PGP-Sig"), "signed as signcontrol signs");
        assertEquals("newgroup local.talk moderated", ctl.header("Control"));

        CliTest.Run post = client("post", "--group", "local.test", "--subject", "operator cancels this", "--from", "u@example.org",
                "--no-cancel-lock", body().toString());
        String id = post.out().strip();
        CliTest.Run cancel = CliTest.run("control", "cancel", id, "--home", h);
        assertEquals(0, cancel.code(), cancel.err());
        assertTrue(cancel.out().contains(id + " is cancelled"), "the node's own lock, added at injection: " + cancel.out());
        assertNull(node.storage().reader().byMessageId(id));

        CliTest.Run removed = CliTest.run("control", "rmgroup", "local.talk", "--home", h);
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().contains("local.talk is gone"), removed.out());

        Files.move(home.resolve(ControlCommand.KEY_FILE), dir.resolve("aside.key"));
        CliTest.Run nokey = CliTest.run("control", "newgroup", "local.other", "--home", h);
        assertEquals(1, nokey.code());
        assertTrue(nokey.err().contains("no operator key"), nokey.err());
        assertTrue(new String(Files.readAllBytes(home.resolve("keyring.asc")), StandardCharsets.US_ASCII).contains("PUBLIC KEY"));
    }
}
