package org.newsnode.cli.mime;

import jakarta.mail.Session;
import java.util.Properties;

/** The Jakarta Mail session newsnode composes and parses articles with. */
public final class Mime {
    static {
        // mail-api looks up its StreamProvider on every parse unless told which one (mail-api #699, #861)
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private static final Session READING = session(true);
    private static final Session WRITING = session(false);

    private Mime() {
    }

    /**
     * Reading accepts 8-bit UTF-8 header fields, as netnews allows (RFC 5536 §3); writing
     * keeps header fields ASCII, non-ASCII text in RFC 2047 encoded words, which every reader
     * understands.
     */
    private static Session session(boolean allowUtf8) {
        Properties p = new Properties();
        p.setProperty("mail.mime.allowutf8", Boolean.toString(allowUtf8));
        p.setProperty("mail.mime.decodetext.strict", "false"); // encoded words inside words, as newsreaders write them
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.encodefilename", "true");
        return Session.getInstance(p);
    }

    public static Session reading() {
        return READING;
    }

    public static Session writing() {
        return WRITING;
    }
}
