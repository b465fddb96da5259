package org.newsnode.cli.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.text.Printable;

/**
 * An article decoded for people: header fields from RFC 2047 encoded words (and 8-bit
 * UTF-8), each MIME leaf part with its type and size, text parts in their charset, and the
 * parts that are files, which can be saved.
 */
public final class ArticleView {
    private static final List<String> SHOWN = List.of("From", "Newsgroups", "Subject", "Date", "Message-ID",
            "References", "Followup-To", "Organization");

    private final MimeMessage message;
    private final List<Part> leaves = new ArrayList<>();

    public ArticleView(byte[] raw) throws MessagingException, IOException {
        this.message = new MimeMessage(Mime.reading(), new ByteArrayInputStream(raw));
        collect(message);
    }

    private void collect(Part p) throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i));
            }
        } else {
            leaves.add(p);
        }
    }

    /** A header field decoded, or null. */
    public String header(String name) throws MessagingException {
        String v = message.getHeader(name, ", ");
        if (v == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(v));
        } catch (java.io.UnsupportedEncodingException e) {
            return v; // an unknown charset: show the field as it is
        }
    }

    public void print(PrintWriter out) throws MessagingException, IOException {
        for (String name : SHOWN) {
            String v = header(name);
            if (v != null) {
                out.println(name + ": " + Printable.of(v)); // an escape sequence in a header must not drive the terminal
            }
        }
        out.println();
        int n = 0;
        for (Part p : leaves) {
            n++;
            String file = fileName(p);
            long size = decodedSize(p);
            if (leaves.size() > 1 || file != null || !p.isMimeType("text/*")) {
                out.printf("[part %d: %s, %,d octets%s]%n", n, Printable.of(baseType(p)), size,
                        file == null ? "" : ", file \"" + Printable.of(file) + "\"");
            }
            if (p.isMimeType("text/*") && file == null) {
                Object content = p.getContent();
                out.println(content instanceof String s ? printableText(s) : "(undecodable text)");
                out.println();
            }
        }
        out.flush();
    }

    /** Text for a terminal: lines kept, every other control character (ESC above all) shown as '?'. */
    static String printableText(String s) {
        return java.util.Arrays.stream(s.replace("\r\n", "\n").stripTrailing().split("\n", -1))
                .map(Printable::of).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Writes every part that is a file (named, or not text) into dir; returns the files written. */
    public List<Path> saveAttachments(Path dir) throws MessagingException, IOException {
        Files.createDirectories(dir);
        List<Path> saved = new ArrayList<>();
        int n = 0;
        for (Part p : leaves) {
            n++;
            String name = fileName(p);
            if (name == null && p.isMimeType("text/*")) {
                continue;
            }
            String safe = safeName(name, n);
            try (InputStream in = p.getInputStream()) {
                saved.add(copyNew(in, dir, safe));
            }
        }
        return saved;
    }

    /**
     * Writes into a file that did not exist (O_EXCL: never over an existing file, nor through a
     * symbolic link planted there): "name", else "name-1.ext", "name-2.ext", …
     */
    private static Path copyNew(InputStream in, Path dir, String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int k = 0; k < 1000; k++) {
            Path target = dir.resolve(k == 0 ? name : stem + "-" + k + ext);
            try {
                Files.copy(in, target);
                return target;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: try the next name
            }
        }
        throw new IOException("no free file name for " + name + " in " + dir);
    }

    /** A file name that stays inside the directory: no path, no leading dots. */
    static String safeName(String name, int part) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f\\x7f]", "_").replaceFirst("^\\.+", "");
        return base.isBlank() ? "part-" + part + ".bin" : base;
    }

    private static String fileName(Part p) throws MessagingException {
        String f = p.getFileName();
        if (f == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(f);
        } catch (java.io.UnsupportedEncodingException e) {
            return f;
        }
    }

    private static String baseType(Part p) throws MessagingException {
        String t = p.getContentType();
        return t == null ? "text/plain" : MimeUtility.unfold(t).replaceAll("\\s+", " ");
    }

    private static long decodedSize(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** The parts, for tests: body parts in order. */
    public int partCount() {
        return leaves.size();
    }
}
