package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;

/** COMPRESS DEFLATE (RFC 8054 §2.2), answered with INN's texts. */
final class CompressCommand extends AbstractCommand {
    CompressCommand() {
        super("COMPRESS DEFLATE", 1, 1);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        if (s.isCompressed()) {
            s.reply(502, "Already using a compression layer"); // RFC 8054 §2.2.2
        } else if (!s.context().config().compress()) {
            s.reply(502, "Compression not available"); // server.compress = false: not offered
        } else if (!args.get(0).equalsIgnoreCase("DEFLATE")) {
            s.reply(503, "Only the DEFLATE compression algorithm is supported");
        } else {
            s.startCompression("206 Compression now active; enjoy the speed!");
        }
    }
}
