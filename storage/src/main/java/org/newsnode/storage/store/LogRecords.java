package org.newsnode.storage.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one article-log record's payload: a type octet (S store, C create group,
 * G change group, R remove group, M move, X cancel, F refile), then its fields; a stored article's wire bytes
 * come last, so where they sit in the segment is known from the record's end.
 */
final class LogRecords {
    private LogRecords() {
    }

    static byte[] encode(ArticleLog.Record r) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(r instanceof ArticleLog.StoreRecord s ? s.wire().length + 512 : 128);
        try (DataOutputStream out = new DataOutputStream(payload)) {
            if (r instanceof ArticleLog.StoreRecord s) {
                out.writeByte('S');
                str(out, s.messageId());
                out.writeLong(s.postedSeconds());
                out.writeLong(s.arrived());
                out.writeLong(s.expires());
                out.writeBoolean(s.distribution() != null);
                if (s.distribution() != null) {
                    str(out, s.distribution());
                }
                out.writeInt(s.numbers().size());
                for (Map.Entry<String, Long> e : s.numbers().entrySet()) {
                    str(out, e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(s.queuedFor().size());
                for (String peer : s.queuedFor()) {
                    str(out, peer);
                }
                out.writeInt(s.overview().length);
                out.write(s.overview());
                out.writeInt(s.bodyOffset());
                out.writeInt(s.wire().length);
                out.write(s.wire()); // last, so its offset is known from the record's end
            } else if (r instanceof ArticleLog.CreateGroupRecord c) {
                out.writeByte('C');
                str(out, c.name());
                str(out, c.description());
                out.writeChar(c.status());
                str(out, c.creator());
                out.writeLong(c.created());
            } else if (r instanceof ArticleLog.RemoveGroupRecord rm) {
                out.writeByte('R');
                str(out, rm.name());
            } else if (r instanceof ArticleLog.ChangeGroupRecord ch) {
                out.writeByte('G');
                str(out, ch.name());
                str(out, ch.description());
                out.writeChar(ch.status());
            } else if (r instanceof ArticleLog.CancelRecord x) {
                out.writeByte('X');
                CancelOrder o = x.order();
                str(out, o.target());
                str(out, o.cancelId());
                out.writeBoolean(o.authorised());
                str(out, String.join(" ", o.keys()));
                str(out, o.site() == null ? "" : o.site());
                out.writeLong(x.arrived());
            } else if (r instanceof ArticleLog.RefileRecord f) {
                out.writeByte('F');
                out.writeLong(f.articleId());
                str(out, f.messageId());
                out.writeInt(f.numbers().size());
                for (Map.Entry<String, Long> e : f.numbers().entrySet()) {
                    str(out, e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(f.overview().length);
                out.write(f.overview());
                out.writeInt(f.bodyOffset());
                out.writeInt(f.wire().length);
                out.write(f.wire()); // last, as in ArticleLog.StoreRecord
            } else if (r instanceof ArticleLog.MoveRecord m) {
                out.writeByte('M');
                out.writeLong(m.articleId());
                out.writeInt(m.wire().length);
                out.write(m.wire()); // last, as in ArticleLog.StoreRecord
            }
        } catch (IOException e) {
            throw new IllegalStateException("encoding a log record in memory", e);
        }
        return payload.toByteArray();
    }

    static ArticleLog.Record decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int type = in.readByte();
            if (type == 'S') {
                String id = str(in);
                long posted = in.readLong();
                long arrived = in.readLong();
                long expires = in.readLong();
                String dist = in.readBoolean() ? str(in) : null;
                int ng = in.readInt();
                Map<String, Long> numbers = new LinkedHashMap<>();
                for (int i = 0; i < ng; i++) {
                    numbers.put(str(in), in.readLong());
                }
                int nq = in.readInt();
                List<String> queued = new ArrayList<>(nq);
                for (int i = 0; i < nq; i++) {
                    queued.add(str(in));
                }
                byte[] ov = new byte[in.readInt()];
                in.readFully(ov);
                int bodyOffset = in.readInt();
                byte[] wire = new byte[in.readInt()];
                in.readFully(wire);
                return new ArticleLog.StoreRecord(id, posted, arrived, expires, dist, numbers, queued, ov, bodyOffset, wire);
            }
            if (type == 'C') {
                return new ArticleLog.CreateGroupRecord(str(in), str(in), in.readChar(), str(in), in.readLong());
            }
            if (type == 'R') {
                return new ArticleLog.RemoveGroupRecord(str(in));
            }
            if (type == 'G') {
                return new ArticleLog.ChangeGroupRecord(str(in), str(in), in.readChar());
            }
            if (type == 'X') {
                String target = str(in);
                String cancelId = str(in);
                boolean authorised = in.readBoolean();
                String keys = str(in);
                String site = str(in);
                return new ArticleLog.CancelRecord(new CancelOrder(target, cancelId, authorised,
                        keys.isEmpty() ? List.of() : List.of(keys.split(" ")), site.isEmpty() ? null : site), in.readLong());
            }
            if (type == 'F') {
                long articleId = in.readLong();
                String id = str(in);
                int ng = in.readInt();
                Map<String, Long> numbers = new LinkedHashMap<>();
                for (int i = 0; i < ng; i++) {
                    numbers.put(str(in), in.readLong());
                }
                byte[] ov = new byte[in.readInt()];
                in.readFully(ov);
                int bodyOffset = in.readInt();
                byte[] wire = new byte[in.readInt()];
                in.readFully(wire);
                return new ArticleLog.RefileRecord(articleId, id, numbers, ov, bodyOffset, wire);
            }
            if (type == 'M') {
                long id = in.readLong();
                byte[] wire = new byte[in.readInt()];
                in.readFully(wire);
                return new ArticleLog.MoveRecord(id, wire);
            }
            throw new IOException("unknown log record type " + type);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
