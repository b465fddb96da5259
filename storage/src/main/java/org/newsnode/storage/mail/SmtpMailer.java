package org.newsnode.storage.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.newsnode.storage.config.MailConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail over SMTP with Jakarta Mail, on a thread of its own (a mail server that is slow never
 * holds an I/O thread or the writer). The message goes as it is: its octets are parsed into a
 * MimeMessage only to be handed over, never rewritten (no new Message-ID, no MIME headers added).
 */
public final class SmtpMailer implements Mailer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("newsnode.mail");
    /** Connect and read timeouts: a mail server that does not answer fails the send, it does not hang it. */
    static final int TIMEOUT_MILLIS = 30_000;

    private final MailConfig config;
    private final Session session;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mailer");
        t.setDaemon(true);
        return t;
    });

    public SmtpMailer(MailConfig config) {
        this.config = config;
        Properties p = new Properties();
        boolean implicit = config.security().equals("implicit");
        String proto = implicit ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", config.host());
        p.put("mail." + proto + ".port", String.valueOf(config.port()));
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        p.put("mail." + proto + ".timeout", String.valueOf(TIMEOUT_MILLIS));
        p.put("mail." + proto + ".writetimeout", String.valueOf(TIMEOUT_MILLIS));
        p.put("mail." + proto + ".from", config.from());
        if (config.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!config.security().equals("off")) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        p.put("mail." + proto + ".auth", String.valueOf(config.user() != null));
        this.session = Session.getInstance(p);
    }

    @Override
    public CompletableFuture<Void> send(String to, byte[] message) {
        return CompletableFuture.runAsync(() -> {
            try {
                Address[] rcpt = {new InternetAddress(to, true)};
                MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(message));
                try (Transport t = session.getTransport()) {
                    t.connect(config.host(), config.port(), config.user(), config.password());
                    t.sendMessage(m, rcpt); // no saveChanges: the octets go as they are
                }
                log.info("mailed a message of {} octets to {} via {}:{}", message.length, to, config.host(), config.port());
            } catch (AddressException e) {
                throw new IllegalArgumentException("not a mail address: " + to + " (" + e.getMessage() + ")", e);
            } catch (MessagingException e) {
                log.warn("mail to {} via {}:{} failed: {}", to, config.host(), config.port(), e.getMessage());
                throw new IllegalStateException("mail to " + to + " failed: " + e.getMessage(), e);
            }
        }, thread);
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
