package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.newsnode.nntp.testing.NntpTestClient;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Three newsnode containers on a Docker network, peered in a chain n0 — n1 — n2, each with
 * its own data; an article posted at one end reaches the other. Runs where a Docker engine
 * exists and is reported as skipped where none does (the same flooding runs in-JVM in
 * FloodingTest everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class ClusterIT {
    private static final int NNTP = 119;

    @Test
    void threeNodesFloodOverADockerNetwork() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("newsnode-it", true)
                .withFileFromPath("newsnode.jar", Path.of("target", "newsnode.jar"))
                .withDockerfileFromBuilder(b -> b.from("eclipse-temurin:17-jre")
                        .copy("newsnode.jar", "/app/newsnode.jar")
                        .build());
        int[][] links = {{1}, {0, 2}, {1}};
        List<GenericContainer<?>> nodes = new ArrayList<>();
        try (Network network = Network.newNetwork()) {
            for (int i = 0; i < 3; i++) {
                StringBuilder peers = new StringBuilder();
                for (int j : links[i]) {
                    peers.append("\n[[peer]]\nname = \"n").append(j).append("\"\nhost = \"n").append(j)
                            .append("\"\nport = ").append(NNTP).append("\npath-identity = \"n").append(j).append(".test\"\n");
                }
                GenericContainer<?> c = new GenericContainer<>(image)
                        .withNetwork(network)
                        .withNetworkAliases("n" + i)
                        .withExposedPorts(NNTP)
                        .withEnv("PEERS", peers.toString())
                        .withCommand("sh", "-c", "java -jar /app/newsnode.jar init /data --path-identity n" + i
                                + ".test --listen 0.0.0.0:" + NNTP + " && printf '%s' \"$PEERS\" >> /data/newsnode.toml"
                                + " && exec java -jar /app/newsnode.jar serve --home /data")
                        .waitingFor(Wait.forLogMessage(".*listening on .*", 1));
                nodes.add(c);
            }
            nodes.forEach(GenericContainer::start);
            int articles = 10;
            try (NntpTestClient c = new NntpTestClient(nodes.get(0).getHost(), nodes.get(0).getMappedPort(NNTP))) {
                for (int k = 0; k < articles; k++) {
                    assertTrue(c.post(NntpTestClient.article("local.test", "docker " + k, "x")).startsWith("240 "));
                }
            }
            for (GenericContainer<?> node : nodes) {
                try (NntpTestClient c = new NntpTestClient(node.getHost(), node.getMappedPort(NNTP))) {
                    String status = "";
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < deadline
                            && !(status = c.cmd("GROUP local.test")).startsWith("211 " + articles + " ")) {
                        Thread.sleep(200);
                    }
                    assertEquals("211 " + articles + " 1 " + articles + " local.test", status);
                }
            }
        } finally {
            nodes.forEach(GenericContainer::stop);
        }
    }
}
