package org.newsnode.nntp.command;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.newsnode.nntp.session.NntpSession;

/** DATE (RFC 3977 §7.1): the server's time in UTC as yyyymmddhhmmss. */
final class DateCommand extends AbstractCommand {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    DateCommand() {
        super("DATE", 0, 0);
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        s.reply(111, FORMAT.format(s.context().clock().instant()));
    }
}
