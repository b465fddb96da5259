package org.newsnode.storage.mail;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a message by mail: a submission to a moderator (the article as it was posted), a
 * control message or report for the operator. The future completes once the SMTP server has
 * taken it (so a 240 after it means the mail is on its way, as nnrpd's after its mailer).
 */
public interface Mailer {
    CompletableFuture<Void> send(String to, byte[] message);

    /** No mail server configured: every send fails saying so. */
    Mailer NONE = (to, message) -> CompletableFuture.failedFuture(
            new IllegalStateException("no mail server is configured (mail.host)"));
}
