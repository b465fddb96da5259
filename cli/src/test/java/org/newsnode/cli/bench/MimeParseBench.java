package org.newsnode.cli.bench;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Not a test: parses one MIME article (encoded subject, two parts) many times and prints the
 * rate. Run twice, with and without the StreamProvider property newsnode sets (mail-api
 * #699/#861), in separate JVMs:
 * {@code java -cp … org.newsnode.cli.bench.MimeParseBench [provider]}.
 */
public final class MimeParseBench {
    private MimeParseBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("provider")) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        byte[] article = ("From: =?UTF-8?Q?J=C3=B6rg?= <j@example.org>\r\nNewsgroups: local.test\r\n"
                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\nMessage-ID: <b@example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"xx\"\r\n\r\n--xx\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n--xx\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n--xx--\r\n").getBytes(StandardCharsets.US_ASCII);
        Session session = Session.getInstance(new Properties());
        for (int round = 0; round < 5; round++) {
            int n = 20_000;
            long t0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < n; i++) {
                MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(article));
                sink += MimeUtility.decodeText(m.getHeader("Subject", null)).length();
                var mp = (jakarta.mail.Multipart) m.getContent();
                for (int p = 0; p < mp.getCount(); p++) {
                    sink += mp.getBodyPart(p).getInputStream().readAllBytes().length;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s round %d: %.0f articles/s (%d)%n", args.length > 0 ? args[0] : "lookup", round, n / s, sink);
        }
    }
}
