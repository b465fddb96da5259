package org.newsnode.nntp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Reads command lines and dot-terminated blocks as raw octets. Lines are cut at a limit and
 * reported as too long (the rest of the line is dropped, the session goes on); blocks are
 * dot-unstuffed and bounded while reading: past the limit the octets are counted and dropped
 * until the terminating "." line. One instance per session.
 */
public final class NntpDecoder implements ProtocolDecoder {
    /** Set to TRUE by the session to say that the next octets are a data block. */
    public static final AttributeKey EXPECT_BLOCK = new AttributeKey(NntpDecoder.class, "expectBlock");
    /** Set by the session when a layer starts (STARTTLS, COMPRESS): octets half-read before it are dropped. */
    public static final AttributeKey RESET = new AttributeKey(NntpDecoder.class, "reset");
    /**
     * While a line or article is half received: when it began (System.nanoTime), so the input
     * timeout can fire when no further byte comes at all (see NntpHandler's reader-idle check).
     */
    public static final AttributeKey PARTIAL_SINCE = new AttributeKey(NntpDecoder.class, "partialSince");

    private static final int LINE_START = 0;
    private static final int DOT = 1;
    private static final int DOT_CR = 2;
    private static final int MID = 3;
    private static final int CR = 4;

    private final int maxLine;
    private final int maxBlock;

    private final byte[] line;
    private int lineLen;
    private boolean lineOverflow;

    private boolean inBlock;
    private byte[] block = new byte[0];
    private int blockLen;
    private long blockSize;
    private boolean blockTooLarge;
    private boolean bareLf;
    private int state;
    /** Longest time one command line or article may take to arrive (slowloris), in nanoseconds; 0: no limit. */
    private final long inputTimeoutNanos;
    /** When the line or block now arriving began (System.nanoTime), or 0 when nothing is half received. */
    private long partialSince;
    private boolean timedOut;
    /** What the current decode call produced; delivered as one message at its end. */
    private final java.util.ArrayList<Object> decoded = new java.util.ArrayList<>();

    /**
     * @param maxLine  longest line content accepted, without CRLF (RFC 3977 §3.1: 510)
     * @param maxBlock largest block accepted, in octets after unstuffing
     */
    public NntpDecoder(int maxLine, int maxBlock) {
        this(maxLine, maxBlock, 0);
    }

    /** @param inputTimeoutSeconds longest time one line or article may take to arrive (0: no limit) */
    public NntpDecoder(int maxLine, int maxBlock, int inputTimeoutSeconds) {
        this.maxLine = maxLine;
        this.maxBlock = maxBlock;
        this.inputTimeoutNanos = inputTimeoutSeconds * 1_000_000_000L;
        this.line = new byte[maxLine + 1]; // room for the CR of CRLF
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        if (session.removeAttribute(RESET) != null) {
            lineLen = 0; // RFC 4642 §2.2.2: nothing sent before the layer may count after it
            lineOverflow = false;
            startBlock();
            inBlock = false;
            partialSince = 0;
            session.removeAttribute(EXPECT_BLOCK);
        }
        long now = System.nanoTime();
        if (timedOut || (inputTimeoutNanos > 0 && partialSince != 0 && now - partialSince > inputTimeoutNanos)) {
            in.position(in.limit()); // a client trickling one command or article: the session ends
            if (!timedOut) {
                timedOut = true;
                out.write(new InputTimeout(inputTimeoutNanos / 1_000_000_000L));
            }
            return;
        }
        byte[] arr;
        int pos;
        int end;
        if (in.hasArray()) {
            arr = in.array();
            pos = in.arrayOffset() + in.position();
            end = in.arrayOffset() + in.limit();
        } else {
            arr = new byte[in.remaining()];
            in.get(arr);
            in.position(in.position() - arr.length);
            pos = 0;
            end = arr.length;
        }
        int start = pos;
        while (pos < end) {
            if (!inBlock && session.removeAttribute(EXPECT_BLOCK) != null) {
                startBlock();
            }
            pos = inBlock ? block(arr, pos, end) : line(arr, pos, end);
        }
        in.position(in.position() + (pos - start));
        if (lineLen > 0 || lineOverflow || inBlock) {
            if (partialSince == 0) {
                partialSince = now; // a line or article has begun and is not complete yet
                session.setAttribute(PARTIAL_SINCE, now);
            }
        } else if (partialSince != 0) {
            partialSince = 0;
            session.removeAttribute(PARTIAL_SINCE);
        }
        if (decoded.size() == 1) {
            out.write(decoded.get(0));
        } else if (!decoded.isEmpty()) {
            out.write(new InputBatch(java.util.List.copyOf(decoded)));
        }
        decoded.clear();
    }

    private int line(byte[] arr, int pos, int end) {
        int i = pos;
        while (i < end && arr[i] != '\n') {
            i++;
        }
        int chunk = i - pos;
        int copy = Math.min(chunk, line.length - lineLen);
        System.arraycopy(arr, pos, line, lineLen, copy);
        lineLen += copy;
        if (copy < chunk) {
            lineOverflow = true;
        }
        if (i == end) {
            return end;
        }
        int len = lineLen;
        if (!lineOverflow && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        boolean tooLong = lineOverflow || len > maxLine;
        decoded.add(new CommandLine(new String(line, 0, Math.min(len, maxLine), StandardCharsets.ISO_8859_1), tooLong));
        partialSince = 0;
        boolean takethis = isTakethis(line, len);
        lineLen = 0;
        lineOverflow = false;
        if (takethis) {
            startBlock(); // RFC 4644 §2.5: the article follows TAKETHIS without waiting for a reply
        }
        return i + 1;
    }

    private static boolean isTakethis(byte[] l, int len) {
        if (len < 8) {
            return false;
        }
        for (int k = 0; k < 8; k++) {
            if (Character.toUpperCase((char) l[k]) != "TAKETHIS".charAt(k)) {
                return false;
            }
        }
        return len == 8 || l[8] == ' ' || l[8] == '\t';
    }

    private void startBlock() {
        inBlock = true;
        blockLen = 0;
        blockSize = 0;
        blockTooLarge = false;
        bareLf = false;
        state = LINE_START;
        if (block.length > 1 << 20) {
            block = new byte[0]; // do not keep a big buffer for the session's life
        }
    }

    private int block(byte[] arr, int pos, int end) {
        while (pos < end) {
            byte b = arr[pos];
            switch (state) {
                case MID -> {
                    int i = pos;
                    while (i < end && arr[i] != '\r' && arr[i] != '\n') {
                        i++;
                    }
                    append(arr, pos, i - pos);
                    pos = i;
                    if (pos < end) {
                        if (arr[pos] == '\r') {
                            state = CR;
                        } else {
                            bareLf = true;
                            appendCrLf();
                            state = LINE_START;
                        }
                        pos++;
                    }
                    continue;
                }
                case LINE_START -> {
                    if (b == '.') {
                        state = DOT;
                        pos++;
                        continue;
                    }
                    state = MID;
                    if (b == '\r' || b == '\n') {
                        pos = mid(b, pos);
                    }
                    continue;
                }
                case DOT -> {
                    if (b == '\r') {
                        state = DOT_CR;
                        pos++;
                    } else if (b == '\n') {
                        bareLf = true;
                        finishBlock();
                        return pos + 1;
                    } else {
                        state = MID; // the stuffed dot is dropped (RFC 3977 §3.1.1)
                    }
                    continue;
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        finishBlock();
                        return pos + 1;
                    }
                    append1((byte) '\r');
                    state = MID;
                    continue;
                }
                default -> { // CR
                    if (b == '\n') {
                        appendCrLf();
                        state = LINE_START;
                    } else if (b == '\r') {
                        append1((byte) '\r');
                    } else {
                        append1((byte) '\r');
                        append1(b);
                        state = MID;
                    }
                    pos++;
                }
            }
        }
        return pos;
    }

    private int mid(byte b, int pos) {
        if (b == '\r') {
            state = CR;
        } else {
            bareLf = true;
            appendCrLf();
            state = LINE_START;
        }
        return pos + 1;
    }

    private void appendCrLf() {
        append1((byte) '\r');
        append1((byte) '\n');
    }

    private void append1(byte b) {
        blockSize++;
        if (blockTooLarge || blockSize > maxBlock) {
            blockTooLarge = true;
            return;
        }
        if (blockLen == block.length) {
            block = Arrays.copyOf(block, Math.max(4096, block.length * 2));
        }
        block[blockLen++] = b;
    }

    private void append(byte[] src, int off, int len) {
        if (len == 0) {
            return;
        }
        blockSize += len;
        if (blockTooLarge || blockSize > maxBlock) {
            blockTooLarge = true;
            return;
        }
        if (blockLen + len > block.length) {
            block = Arrays.copyOf(block, Math.max(blockLen + len, Math.max(4096, block.length * 2)));
        }
        System.arraycopy(src, off, block, blockLen, len);
        blockLen += len;
    }

    private void finishBlock() {
        byte[] data = blockTooLarge ? new byte[0] : Arrays.copyOf(block, blockLen);
        decoded.add(new ArticleBlock(data, blockSize, blockTooLarge, bareLf));
        partialSince = 0;
        inBlock = false;
        blockLen = 0;
    }

    @Override
    public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
        // a block cut short by a closed connection is dropped: nothing partial is stored
    }

    @Override
    public void dispose(IoSession session) {
        block = new byte[0];
    }
}
