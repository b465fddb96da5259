package org.newsnode.storage.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal: every change the writer commits is appended here, one write per
 * batch, before any session is answered. H2 then persists in the background; after a crash
 * the records H2 had not yet persisted are applied again at start, so an acknowledged
 * article survives kill -9 without H2 writing a chunk per commit. With {@code fsync} each
 * batch is also forced to the device (survives power loss). A checkpoint (H2 flushed and
 * synced) empties the journal.
 *
 * <p>Record: int length, int CRC32C, payload. A torn tail (short or bad CRC) is where the
 * process died mid-write: nothing in it was acknowledged, so it is cut off.
 */
final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final String FILE = "journal.log";

    private final Path path;
    private final FileChannel channel;
    private final boolean fsync;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private long size;

    /** One journaled change. */
    sealed interface Record permits StoreRecord, CreateGroupRecord, RemoveGroupRecord {
    }

    record StoreRecord(String messageId, List<String> groups, long postedSeconds, String pathIdentity, long arrived,
                       byte[] raw) implements Record {
    }

    record CreateGroupRecord(String name, String description, char status, String creator, long created)
            implements Record {
    }

    record RemoveGroupRecord(String name) implements Record {
    }

    private Journal(Path path, FileChannel channel, boolean fsync, long size) {
        this.path = path;
        this.channel = channel;
        this.fsync = fsync;
        this.size = size;
    }

    static Journal open(Path dir, boolean fsync) throws IOException {
        Path p = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Journal(p, ch, fsync, ch.size());
    }

    long size() {
        return size + pending.size();
    }

    void add(Record r) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(r instanceof StoreRecord s ? s.raw().length + 256 : 128);
        try (DataOutputStream out = new DataOutputStream(payload)) {
            if (r instanceof StoreRecord s) {
                out.writeByte('S');
                str(out, s.messageId());
                out.writeInt(s.groups().size());
                for (String g : s.groups()) {
                    str(out, g);
                }
                out.writeLong(s.postedSeconds());
                str(out, s.pathIdentity());
                out.writeLong(s.arrived());
                out.writeInt(s.raw().length);
                out.write(s.raw());
            } else if (r instanceof CreateGroupRecord c) {
                out.writeByte('C');
                str(out, c.name());
                str(out, c.description());
                out.writeChar(c.status());
                str(out, c.creator());
                out.writeLong(c.created());
            } else if (r instanceof RemoveGroupRecord rm) {
                out.writeByte('R');
                str(out, rm.name());
            }
        } catch (IOException e) {
            throw new IllegalStateException("encoding a journal record in memory", e);
        }
        byte[] p = payload.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(p);
        ByteBuffer head = ByteBuffer.allocate(8).putInt(p.length).putInt((int) crc.getValue());
        pending.writeBytes(head.array());
        pending.writeBytes(p);
    }

    /** Writes what was added since the last flush in one write (and forces it with fsync on). */
    void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        channel.position(size);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        size += b.limit();
        if (fsync) {
            channel.force(false);
        }
    }

    /** Drops records added since the last flush (their batch failed). */
    void discardPending() {
        pending.reset();
    }

    /** Empties the journal after a checkpoint made its records redundant. */
    void reset() throws IOException {
        pending.reset();
        channel.truncate(0);
        channel.force(true);
        size = 0;
    }

    /** Reads every complete record; cuts off a torn tail. */
    List<Record> readAll() throws IOException {
        List<Record> out = new ArrayList<>();
        long pos = 0;
        long len = channel.size();
        ByteBuffer head = ByteBuffer.allocate(8);
        while (pos + 8 <= len) {
            head.clear();
            channel.read(head, pos);
            head.flip();
            int n = head.getInt();
            int crcValue = head.getInt();
            if (n < 0 || pos + 8 + n > len) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(n);
            channel.read(body, pos + 8);
            CRC32C crc = new CRC32C();
            crc.update(body.array());
            if ((int) crc.getValue() != crcValue) {
                break;
            }
            out.add(decode(body.array()));
            pos += 8 + n;
        }
        if (pos < len) {
            log.warn("journal {}: cutting a torn tail of {} bytes at offset {} (a write the process did not finish)",
                    path, len - pos, pos);
            channel.truncate(pos);
        }
        size = pos;
        return out;
    }

    private static Record decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int type = in.readByte();
            switch (type) {
                case 'S' -> {
                    String id = str(in);
                    int ng = in.readInt();
                    List<String> groups = new ArrayList<>(ng);
                    for (int i = 0; i < ng; i++) {
                        groups.add(str(in));
                    }
                    long posted = in.readLong();
                    String pathId = str(in);
                    long arrived = in.readLong();
                    byte[] raw = new byte[in.readInt()];
                    in.readFully(raw);
                    return new StoreRecord(id, groups, posted, pathId, arrived, raw);
                }
                case 'C' -> {
                    return new CreateGroupRecord(str(in), str(in), in.readChar(), str(in), in.readLong());
                }
                case 'R' -> {
                    return new RemoveGroupRecord(str(in));
                }
                default -> throw new EOFException("unknown journal record type " + type);
            }
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
