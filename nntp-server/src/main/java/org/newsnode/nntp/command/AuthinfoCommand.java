package org.newsnode.nntp.command;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.config.PeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTHINFO USER and PASS (RFC 4643 §2.3), answered with INN's texts. The password is checked
 * off the I/O thread (PBKDF2 takes a fifth of a second on purpose), a failure is answered
 * only after the address's throttle delay, and the session handles nothing else meanwhile.
 * An unknown user gets 381 like a known one, so a client cannot probe for names.
 */
final class AuthinfoCommand extends AbstractCommand {
    private static final Logger log = LoggerFactory.getLogger("newsnode.auth");

    AuthinfoCommand() {
        super("AUTHINFO USER name|PASS password", 2, 2);
    }

    @Override
    public boolean lastArgumentIsRest() {
        return true;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        String sub = args.get(0).toUpperCase(Locale.ROOT);
        if (!sub.equals("USER") && !sub.equals("PASS")) {
            s.reply(501, "Bad AUTHINFO param");
            return;
        }
        if (s.identity().isAuthenticated()) {
            s.reply(502, "Already authenticated"); // RFC 4643 §2.3.2: no second login in a session
            return;
        }
        if (!s.isTls() && s.context().authNeedsTls(s.remoteHost())) {
            s.reply(483, "Encryption required"); // RFC 4643 §2.2: tls.require-for-auth; STARTTLS first
            return;
        }
        if (sub.equals("USER")) {
            s.identity().setPendingUser(args.get(1));
            s.reply(381, "Enter passphrase");
            return;
        }
        String name = s.identity().pendingUser();
        String shown = org.newsnode.storage.text.Printable.of(name); // a name is the client's text: no control characters in the log
        if (name == null) {
            s.reply(482, "Authentication commands issued out of sequence");
            return;
        }
        s.identity().setPendingUser(null);
        String password = args.get(1);
        var ctx = s.context();
        // an unknown name is hashed too (against a dummy), so its answer takes as long as a known one's
        CompletableFuture<Boolean> answered = ctx.authThrottle().attempt(s.remoteHost(),
                () -> ctx.users().verify(name, password), () -> !s.isClosed(), ctx.continuations());
        s.await(answered, f -> {
            if (f.isCompletedExceptionally()) {
                log.error("{}: checking the password of {} failed", s.remoteAddress(), shown);
                s.reply(403, "Internal fault");
            } else if (f.join()) {
                PeerConfig peer = ctx.peers().byUser(name);
                s.identity().authenticated(name, peer);
                log.info("{} authenticated as {}{}", s.remoteAddress(), name, peer == null ? "" : " (peer " + peer.name() + ")");
                s.reply(281, "Authentication succeeded");
            } else {
                log.warn("{} failed to authenticate as {}", s.remoteAddress(), shown);
                s.reply(481, "Authentication failed");
            }
        });
    }
}
