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
                out.println(name + ": " + v);
            }
        }
        out.println();
        int n = 0;
        for (Part p : leaves) {
            n++;
            String file = fileName(p);
            long size = decodedSize(p);
            if (leaves.size() > 1 || file != null || !p.isMimeType("text/*")) {
                out.printf("[part %d: %s, %,d octets%s]%n", n, baseType(p), size, file == null ? "" : ", file \"" + file + "\"");
            }
            if (p.isMimeType("text/*") && file == null) {
                Object content = p.getContent();
                out.println(content instanceof String s ? s.replace("\r\n", "\n").stripTrailing() : "(undecodable text)");
                out.println();
            }
        }
        out.flush();
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
            Path target = dir.resolve(safeName(name, n));
            try (InputStream in = p.getInputStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            saved.add(target);
        }
        return saved;
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
