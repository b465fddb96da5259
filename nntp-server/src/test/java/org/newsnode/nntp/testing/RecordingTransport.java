package org.newsnode.nntp.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.nntp.session.Transport;

/**
 * A session's transport in memory, for tests that need no socket: it records what the
 * session sends (replies may arrive from the store's completion thread) and whether it asked
 * for a block, was closed, or started a layer. Extend it to react (the fuzzer tells its
 * decoder when a block comes).
 */
public class RecordingTransport implements Transport {
    public final StringBuffer sent = new StringBuffer(); // replies arrive from the store's completion thread
    public volatile boolean blockExpected;
    public volatile boolean closed;

    @Override
    public void send(byte[] data, int off, int len) {
        sent.append(new String(data, off, len, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void expectBlock() {
        blockExpected = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void cork() {
    }

    @Override
    public void uncork() {
    }

    @Override
    public void suspendRead() {
    }

    @Override
    public void resumeRead() {
    }

    @Override
    public String remoteAddress() {
        return "192.0.2.7:4000";
    }

    @Override
    public String remoteHost() {
        return "192.0.2.7";
    }

    public volatile String layerStarted;

    @Override
    public void startTls(byte[] reply) {
        send(reply, 0, reply.length);
        layerStarted = "tls";
    }

    @Override
    public void startCompression(byte[] reply) {
        send(reply, 0, reply.length);
        layerStarted = "deflate";
    }

    @Override
    public boolean tlsAvailable() {
        return false;
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>(List.of(sent.toString().split("\r\n")));
        sent.setLength(0);
        return out;
    }
}
