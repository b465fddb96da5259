package org.newsnode.storage.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article log: append-only segment files that hold every change the writer makes, in
 * order — each stored article with its wire bytes, numbers and overview, and each group
 * created or removed. It is both the article store (H2 rows point at the wire bytes here)
 * and the write-ahead log: a batch is appended in one write before its transaction commits
 * and before any session is answered; H2 records in the same transaction how far the log is
 * applied, so after a crash the records past that point are applied again in order.
 *
 * <p>Record: int length, int CRC32C of the payload, payload. A torn tail (short or bad CRC)
 * at the end of the last segment is where the process died mid-write: nothing in it was
 * acknowledged, so it is cut off.
 */
final class ArticleLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArticleLog.class);
    static final String DIR = "articles";
    /** Segments roll over past this size (at a batch boundary). */
    static final long SEGMENT_BYTES = 256L << 20;
    private final long segmentBytes;
    private static final int HEADER = 8;

    /** A position in the log. */
    record Position(int segment, long offset) {
    }

    /** One logged change. */
    sealed interface Record permits StoreRecord, CreateGroupRecord, RemoveGroupRecord, ChangeGroupRecord, MoveRecord,
            CancelRecord, RefileRecord {
    }

    /** An article's wire bytes copied out of a segment being compacted; its rows then point here. */
    record MoveRecord(long articleId, byte[] wire) implements Record {
    }

    /** The wire bytes a record carries last, or null. */
    private static byte[] wireOf(Record r) {
        if (r instanceof StoreRecord s) {
            return s.wire();
        }
        if (r instanceof RefileRecord f) {
            return f.wire();
        }
        return r instanceof MoveRecord m ? m.wire() : null;
    }

    /** An article as stored: numbers per group, overview line, wire form (CRLF, dot-stuffed). */
    record StoreRecord(String messageId, long postedSeconds, long arrived, long expires, String distribution,
                       Map<String, Long> numbers, List<String> queuedFor, byte[] overview, int bodyOffset, byte[] wire)
            implements Record {
    }

    record CreateGroupRecord(String name, String description, char status, String creator, long created)
            implements Record {
    }

    record RemoveGroupRecord(String name) implements Record {
    }

    /** A group's description and status changed (its numbers and articles stay). */
    record ChangeGroupRecord(String name, String description, char status) implements Record {
    }

    /** A cancel's effect on its target (see {@link CancelOrder}), applied again by a replay. */
    record CancelRecord(CancelOrder order, long arrived) implements Record {
    }

    /**
     * A held article (in junk) filed into groups created since: its new numbers, and its wire
     * bytes again with the Xref that names them (see {@link Held}).
     */
    record RefileRecord(long articleId, String messageId, Map<String, Long> numbers, byte[] overview, int bodyOffset,
                        byte[] wire) implements Record {
    }

    /** A record read back, with where its wire bytes are. */
    record Entry(Record record, Position wire, Position next) {
    }

    private final Path dir;
    private final boolean fsync;
    /** storage.map-articles (INN's articlemmap): read through chunk maps, whose pages count in the RSS. */
    private final boolean mapArticles;
    private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
    /** Read-only maps of whole chunks, by {@link #chunkKey}: each is mapped once and never again. */
    private final Map<Long, MappedByteBuffer> maps = new ConcurrentHashMap<>();
    /** Segments are mapped in chunks of this size: a growing segment's chunks are mapped as it fills them. */
    static final int CHUNK = 16 << 20;
    private FileChannel current;
    /** The segment being appended to (read by reader threads: its last chunk is not mapped while it grows). */
    private volatile int currentSegment;
    private long currentSize;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256 * 1024);
    /** The thread that appends (the writer's); only it may see the pending batch. */
    private volatile Thread writerThread;

    private ArticleLog(Path dir, boolean fsync, long segmentBytes, boolean mapArticles) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.mapArticles = mapArticles;
    }

    static ArticleLog open(Path dataDir, boolean fsync, long segmentBytes) throws IOException {
        return open(dataDir, fsync, segmentBytes, true);
    }

    /** {@code mapArticles}: reads come from memory maps of whole chunks (else positioned reads alone). */
    static ArticleLog open(Path dataDir, boolean fsync, long segmentBytes, boolean mapArticles) throws IOException {
        ArticleLog l = new ArticleLog(dataDir.resolve(DIR), fsync, segmentBytes, mapArticles);
        Files.createDirectories(l.dir);
        List<Integer> segments = l.segments();
        l.openForAppend(segments.isEmpty() ? 1 : segments.get(segments.size() - 1));
        return l;
    }

    private Path file(int segment) {
        return dir.resolve(String.format("%08d.seg", segment));
    }

    List<Integer> segments() throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}\\.seg"))
                    .forEach(n -> out.add(Integer.parseInt(n.substring(0, 8))));
        }
        out.sort(null);
        return out;
    }

    private void openForAppend(int segment) throws IOException {
        if (current != null) {
            current.close();
        }
        current = FileChannel.open(file(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        currentSegment = segment;
        currentSize = current.size();
    }

    /** Where the next appended record will start. */
    Position end() {
        return new Position(currentSegment, currentSize + pending.size());
    }

    /** Bytes appended but not yet written (to undo a failed task's records). */
    int pendingMark() {
        return pending.size();
    }

    void undoTo(int mark) {
        byte[] keep = java.util.Arrays.copyOf(pending.toByteArray(), mark);
        pending.reset();
        pending.writeBytes(keep);
    }

    void discardPending() {
        pending.reset();
    }

    /** Adds a record to the pending batch; returns where its wire bytes will be (articles) or its start. */
    Position append(Record r) {
        writerThread = Thread.currentThread();
        byte[] payload = LogRecords.encode(r);
        long start = currentSize + pending.size();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer head = ByteBuffer.allocate(HEADER).putInt(payload.length).putInt((int) crc.getValue());
        pending.writeBytes(head.array());
        pending.writeBytes(payload);
        byte[] wire = wireOf(r);
        return new Position(currentSegment, wire == null ? start : start + HEADER + payload.length - wire.length);
    }

    /** Writes the pending batch in one write (forced to the device with fsync); rolls the segment when full. */
    void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        long pos = currentSize;
        try {
            while (b.hasRemaining()) {
                pos += current.write(b, pos);
            }
            if (fsync) {
                current.force(false);
            }
        } catch (IOException e) {
            current.truncate(currentSize); // no half batch stays behind to be replayed
            throw e;
        }
        currentSize = pos;
    }

    /** Starts a new segment when the current one is full; call between batches only. */
    void rollIfFull() throws IOException {
        if (currentSize >= segmentBytes && pending.size() == 0) {
            current.force(false);
            openForAppend(currentSegment + 1);
        }
    }

    /** The segment appended to now. */
    int currentSegment() {
        return currentSegment;
    }

    /** Size in octets of a segment file. */
    long segmentSize(int segment) throws IOException {
        return Files.size(file(segment));
    }

    /** Deletes a segment no row refers to any more; returns its size. */
    long deleteSegment(int segment) throws IOException {
        FileChannel ch = readers.remove(segment);
        if (ch != null) {
            ch.close();
        }
        maps.keySet().removeIf(k -> (int) (k >>> 32) == segment); // unmapped when collected
        Path f = file(segment);
        long size = Files.size(f);
        Files.delete(f);
        return size;
    }

    private static long chunkKey(int segment, long chunk) {
        return (long) segment << 32 | chunk;
    }

    /**
     * Reads length bytes at a position (article bytes for readers): from a memory map of the
     * chunk that holds the range (no system call), else (or with storage.map-articles off)
     * with one positioned read. A chunk is
     * mapped once the file covers it whole (or, in a segment no longer written, up to its
     * end) and never re-mapped, so a growing segment costs no new mapping per read or second.
     */
    byte[] read(int segment, long offset, int length) throws IOException {
        if (segment == currentSegment && Thread.currentThread() == writerThread && offset >= currentSize) {
            // the writer reading what its own batch appended and has not written yet (a held article refiled)
            int from = (int) (offset - currentSize);
            return java.util.Arrays.copyOfRange(pending.toByteArray(), from, from + length);
        }
        long chunk = offset / CHUNK;
        long within = offset - chunk * CHUNK;
        if (mapArticles && within + length <= CHUNK) {
            MappedByteBuffer map = maps.get(chunkKey(segment, chunk));
            if (map == null) {
                map = mapChunk(segment, chunk);
            }
            if (map != null && within + length <= map.limit()) {
                byte[] out = new byte[length];
                map.get((int) within, out);
                return out;
            }
        }
        return pread(segment, offset, length); // across two chunks, or in the growing end of the segment
    }

    /** How many chunks are mapped now (for tests: a map is made once per chunk). */
    int mappedChunks() {
        return maps.size();
    }

    /** Maps one chunk when it is complete (see {@link #read}); null while it is still being written. */
    private MappedByteBuffer mapChunk(int segment, long chunk) throws IOException {
        FileChannel ch = channel(segment);
        long start = chunk * CHUNK;
        long size = ch.size();
        long end = Math.min(size, start + CHUNK);
        boolean whole = end == start + CHUNK;
        if (end <= start || !whole && segment == currentSegment) {
            return null;
        }
        return maps.computeIfAbsent(chunkKey(segment, chunk), k -> {
            try {
                return ch.map(FileChannel.MapMode.READ_ONLY, start, end - start);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private FileChannel channel(int segment) {
        FileChannel ch = readers.get(segment);
        if (ch == null) {
            ch = readers.computeIfAbsent(segment, s -> {
                try {
                    return FileChannel.open(file(s), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return ch;
    }

    private byte[] pread(int segment, long offset, int length) throws IOException {
        FileChannel ch = channel(segment);
        ByteBuffer b = ByteBuffer.allocate(length);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("article log segment " + segment + " ends before offset " + (offset + length));
            }
            pos += n;
        }
        return b.array();
    }

    /**
     * The records from a position to the end, in order. A torn tail at the end of the last
     * segment is cut off; damage anywhere else is an error.
     */
    List<Entry> readFrom(Position from) throws IOException {
        List<Entry> out = new ArrayList<>();
        List<Integer> segments = segments();
        for (int seg : segments) {
            if (seg >= from.segment()) {
                read(seg, seg == from.segment() ? from.offset() : 0, seg == segments.get(segments.size() - 1), out);
            }
        }
        return out;
    }

    /** The records of one segment, in order (a torn tail of the last one cut off, as above). */
    List<Entry> readSegment(int segment) throws IOException {
        List<Integer> segments = segments();
        List<Entry> out = new ArrayList<>();
        if (segments.contains(segment)) {
            read(segment, 0, segment == segments.get(segments.size() - 1), out);
        }
        return out;
    }

    private void read(int seg, long from, boolean last, List<Entry> out) throws IOException {
        try (FileChannel ch = FileChannel.open(file(seg), StandardOpenOption.READ)) {
            long pos = from;
            long len = ch.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (pos < len) {
                head.clear();
                boolean torn = pos + HEADER > len;
                int n = 0;
                int crcValue = 0;
                if (!torn) {
                    readFully(ch, head, pos);
                    head.flip();
                    n = head.getInt();
                    crcValue = head.getInt();
                    torn = n < 1 || pos + HEADER + n > len;
                }
                byte[] payload = null;
                if (!torn) {
                    ByteBuffer body = ByteBuffer.allocate(n);
                    readFully(ch, body, pos + HEADER);
                    payload = body.array();
                    CRC32C crc = new CRC32C();
                    crc.update(payload);
                    torn = (int) crc.getValue() != crcValue;
                }
                if (torn) {
                    if (!last) {
                        throw new IOException("article log segment " + seg + " is damaged at offset " + pos);
                    }
                    log.warn("article log: cutting a torn tail of {} bytes at segment {} offset {} "
                            + "(a write the process did not finish)", len - pos, seg, pos);
                    try (FileChannel w = FileChannel.open(file(seg), StandardOpenOption.WRITE)) {
                        w.truncate(pos);
                    }
                    if (seg == currentSegment) {
                        currentSize = pos;
                    }
                    return;
                }
                Record r = LogRecords.decode(payload);
                byte[] wire = wireOf(r);
                long wireAt = wire == null ? pos : pos + HEADER + n - wire.length;
                out.add(new Entry(r, new Position(seg, wireAt), new Position(seg, pos + HEADER + n)));
                pos += HEADER + n;
            }
        }
    }

    /** Fills the buffer from the file at a position: one read may return less than asked. */
    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new java.io.EOFException("article log ends at " + pos + " inside a record");
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        current.force(false);
        current.close();
        for (FileChannel ch : readers.values()) {
            ch.close();
        }
        readers.clear();
        maps.clear(); // unmapped when collected; nothing reads them any more
    }
}
