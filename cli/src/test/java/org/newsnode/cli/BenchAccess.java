package org.newsnode.cli;

/** Lets the benchmarks (another package) make a node's certificate as `newsnode tls self-signed` does. */
public final class BenchAccess {
    private BenchAccess() {
    }

    public static String selfSigned(NodeHome home) throws Exception {
        return TlsCommand.create(home, java.util.List.of("localhost", "127.0.0.1"), 30);
    }
}
