package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.list.ListVariants;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.nntp.session.Response;

/**
 * CAPABILITIES (RFC 3977 §5.2). No MODE-READER: this server is always in reader mode
 * (RFC 3977 §5.3.2). POST only when posting is allowed; IHAVE and STREAMING for peers; AUTHINFO USER while
 * there are accounts and the session has not logged in; STARTTLS and COMPRESS while they can start.
 */
final class CapabilitiesCommand extends AbstractCommand {
    private final CommandRegistry registry;

    CapabilitiesCommand(CommandRegistry registry) {
        super("CAPABILITIES [keyword]", 0, 1);
        this.registry = registry;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        Response r = s.response().line("101 Capability list:");
        r.line("VERSION 2");
        r.line("IMPLEMENTATION newsnode " + s.context().version());
        r.line("READER");
        if (registry.find("POST") != null && s.context().config().postingAllowed() && s.identity().access().post() != null) {
            r.line("POST");
        }
        if (!s.identity().isAuthenticated() && !s.context().users().isEmpty() && (s.isTls() || !s.context().authNeedsTls(s.remoteHost()))) {
            r.line("AUTHINFO USER"); // RFC 4643 §2.2: not once logged in, nor before TLS when it must come first
        }
        if (s.tlsAvailable() && !s.isTls() && !s.identity().isAuthenticated() && !s.isCompressed()) {
            r.line("STARTTLS"); // RFC 4642 §2.1: gone once TLS or a login is active
        }
        if (s.context().config().compress() && !s.isCompressed()) {
            r.line("COMPRESS DEFLATE"); // RFC 8054 §2.1
        }
        if (s.identity().isPeer() || s.identity().access().feed()) {
            r.line("IHAVE");
            r.line("STREAMING"); // RFC 4644 §2.2
        }
        r.line("NEWNEWS");
        r.line("HDR");
        r.line("OVER MSGID");
        r.line("LIST " + String.join(" ", ListVariants.standard().keywords()));
        r.end();
    }
}
