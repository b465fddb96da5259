package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private INN 2.7 (Debian's inn2, installed by .ci/run) started by .ci/inn-instance.sh in
 * its own directory on a loopback port, peering with a newsnode at {@code peerHost:peerPort};
 * the tests that compare with INN or flood to it skip where inn2 is missing or not root.
 */
final class PrivateInn implements AutoCloseable {
    private static final Path INND = Path.of("/usr/lib/news/bin/innd");
    private static final Path SCRIPT = Path.of("..", ".ci", "inn-instance.sh");

    final int port;
    private final long pid;
    private final Path dir;

    private PrivateInn(int port, long pid, Path dir) {
        this.port = port;
        this.pid = pid;
        this.dir = dir;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(INND), "inn2 is not installed (.ci/run installs it)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "starting innd as news needs root");
    }

    /** Starts innd on 127.0.0.1:{@code port}, feeding (innfeed) and fed by the newsnode at peerHost:peerPort. */
    static PrivateInn start(int port, String peerHost, int peerPort) throws Exception {
        return start(port, peerHost, peerPort, java.util.List.of());
    }

    /** As above, with INN's controlchan acting on local.* newgroup/rmgroup signed by {@code signer}'s armored public key. */
    static PrivateInn startTrusting(int port, String peerHost, int peerPort, Path publicKey, String signer) throws Exception {
        // Debian builds INN's pgpverify for gpg1 (package gnupg1, which .ci/run installs): without it INN verifies nothing
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg1")), "gpg1 (gnupg1) missing: INN's pgpverify runs it");
        return start(port, peerHost, peerPort, java.util.List.of(publicKey.toString(), signer));
    }

    private static PrivateInn start(int port, String peerHost, int peerPort, java.util.List<String> trust) throws Exception {
        assumeAvailable();
        Path dir = Files.createTempDirectory("inn-private");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("sh", SCRIPT.toString(), dir.toString(),
                String.valueOf(port), peerHost, String.valueOf(peerPort)));
        cmd.addAll(trust);
        Process start = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(start.waitFor(60, TimeUnit.SECONDS), "inn-instance.sh timed out");
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, start.exitValue(), out);
        return new PrivateInn(port, Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().strip()), dir);
    }

    @Override
    public void close() throws Exception {
        // innd may take its time over SIGTERM: wait a little, then make sure, innfeed and its other children too
        var innd = ProcessHandle.of(pid);
        var children = innd.map(h -> h.descendants().toList()).orElse(java.util.List.of());
        innd.ifPresent(ProcessHandle::destroy);
        for (var h : innd.stream().toList()) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
}
