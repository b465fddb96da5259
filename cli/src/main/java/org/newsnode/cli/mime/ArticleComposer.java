package org.newsnode.cli.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Composes a netnews article (RFC 5536) with Jakarta Mail: UTF-8 subject and display names
 * as RFC 2047 encoded words, a UTF-8 text body (8bit, or quoted-printable when a line is too
 * long for 8bit), attachments as multipart/mixed parts in base64. Message-ID is left to the
 * server unless given (RFC 5537 §3.5: the injecting agent adds it).
 */
public final class ArticleComposer {
    private final List<String> groups = new ArrayList<>();
    private final List<String[]> headers = new ArrayList<>();
    private final List<Path> attachments = new ArrayList<>();
    private String subject;
    private String from;
    private String followupTo;
    private String references;
    private String messageId;
    private String body = "";

    public ArticleComposer group(String g) {
        groups.add(g);
        return this;
    }

    public ArticleComposer subject(String s) {
        subject = s;
        return this;
    }

    /** "Name <addr>" or a bare address; a non-ASCII name becomes an encoded word. */
    public ArticleComposer from(String f) {
        from = f;
        return this;
    }

    public ArticleComposer followupTo(String f) {
        followupTo = f;
        return this;
    }

    public ArticleComposer references(String r) {
        references = r;
        return this;
    }

    public ArticleComposer messageId(String id) {
        messageId = id;
        return this;
    }

    /** An extra header field "Name: value" (value in UTF-8; encoded when it is not ASCII). */
    public ArticleComposer header(String nameColonValue) {
        int colon = nameColonValue.indexOf(':');
        if (colon <= 0 || !nameColonValue.substring(0, colon).matches("[\\x21-\\x39\\x3b-\\x7e]+")) {
            throw new IllegalArgumentException("--header \"" + nameColonValue + "\" is not \"Name: value\"");
        }
        headers.add(new String[] {nameColonValue.substring(0, colon), nameColonValue.substring(colon + 1).strip()});
        return this;
    }

    public ArticleComposer body(String text) {
        body = text;
        return this;
    }

    public ArticleComposer attach(Path file) {
        attachments.add(file);
        return this;
    }

    /** The article as octets with CRLF line ends. */
    public byte[] compose() throws MessagingException, IOException {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("at least one --group is needed");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("--subject is needed");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("--from is needed");
        }
        MimeMessage m = new MimeMessage(Mime.writing()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId != null) {
                    setHeader("Message-ID", messageId);
                } else {
                    removeHeader("Message-ID"); // the server assigns it
                }
            }
        };
        m.setFrom(address(from));
        m.setHeader("Newsgroups", String.join(",", groups));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        if (followupTo != null) {
            m.setHeader("Followup-To", followupTo);
        }
        if (references != null) {
            m.setHeader("References", references);
        }
        for (String[] h : headers) {
            m.addHeader(h[0], jakarta.mail.internet.MimeUtility.fold(h[0].length() + 2,
                    jakarta.mail.internet.MimeUtility.encodeText(h[1], "UTF-8", null)));
        }
        if (attachments.isEmpty()) {
            text(m);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text(text);
            mixed.addBodyPart(text);
            for (Path f : attachments) {
                MimeBodyPart part = new MimeBodyPart();
                String type = Files.probeContentType(f);
                part.attachFile(f.toFile(), type == null ? "application/octet-stream" : type, "base64");
                part.setFileName(f.getFileName().toString());
                mixed.addBodyPart(part);
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static InternetAddress address(String text) throws MessagingException, UnsupportedEncodingException {
        InternetAddress parsed = new InternetAddress(text, false);
        return parsed.getPersonal() == null ? parsed : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
    }

    /** The text part: UTF-8, 8bit when every line fits in 998 octets, else quoted-printable. */
    private void text(jakarta.mail.internet.MimePart part) throws MessagingException {
        String normalized = body.replace("\r\n", "\n");
        part.setText(normalized, "UTF-8");
        boolean ascii = normalized.chars().allMatch(c -> c < 128);
        boolean shortLines = normalized.lines().allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= 998);
        part.setHeader("Content-Transfer-Encoding", ascii && shortLines ? "7bit" : shortLines ? "8bit" : "quoted-printable");
    }
}
