package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** STARTTLS (RFC 4642 §2.2, as updated by RFC 8143), answered with INN's texts. */
final class StartTlsCommand extends AbstractCommand {
    private static final Logger log = LoggerFactory.getLogger("newsnode.session");

    StartTlsCommand() {
        super("STARTTLS", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (s.isTls()) {
            s.reply(502, "Already using a security layer"); // RFC 4642 §2.2.2
        } else if (s.identity().isAuthenticated()) {
            s.reply(502, "Already authenticated without the use of a security layer");
        } else if (s.isCompressed()) {
            s.reply(502, "Already using a compression layer"); // RFC 8054 §2.2.2: TLS must come first
        } else if (!s.tlsAvailable()) {
            s.reply(580, "Error initializing TLS"); // the node has no certificate ([tls] certificate)
        } else {
            log.debug("session {}: STARTTLS", s.identity().label());
            s.startTls("382 Begin TLS negotiation now");
        }
    }
}
