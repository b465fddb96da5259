package org.newsnode.cli;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newsnode.cli.client.NntpClient;

/**
 * POST as the CLI's commands send it (RFC 3977 §6.3.1): ask with POST, take the Message-ID a
 * 340 proposes (INN's "340 Ok, recommended Message-ID <…>") or make one, send the article,
 * and learn from the 240 which Message-ID it got. A reply other than 340 or 240 is thrown as
 * a {@link ServerOptions.ServerRefusal}.
 */
final class Posting {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");

    private Posting() {
    }

    /** Sends POST; returns the Message-ID the server proposes, or null when it proposes none. */
    static String start(NntpClient c) throws IOException, ServerOptions.ServerRefusal {
        NntpClient.Reply r = c.command("POST");
        if (r.code() != 340) {
            throw new ServerOptions.ServerRefusal(r);
        }
        return idIn(r.text());
    }

    /** Sends the article after {@link #start}; returns the Message-ID the 240 names, else {@code id}. */
    static String send(NntpClient c, byte[] article, String id) throws IOException, ServerOptions.ServerRefusal {
        NntpClient.Reply done = c.sendArticle(article);
        if (done.code() != 240) {
            throw new ServerOptions.ServerRefusal(done);
        }
        String named = idIn(done.text());
        return named != null ? named : id;
    }

    /** A Message-ID of our own, in the domain of the From address (RFC 5536 §3.1.3). */
    static String ownId(String from) {
        String domain = "newsnode.invalid";
        Matcher m = Pattern.compile("@([A-Za-z0-9.-]+)").matcher(from);
        if (m.find()) {
            domain = m.group(1);
        }
        return "<" + Long.toString(System.currentTimeMillis(), 36) + "." + Long.toHexString(new java.security.SecureRandom().nextLong())
                .replace("-", "") + "@" + domain + ">";
    }

    private static String idIn(String text) {
        Matcher m = MESSAGE_ID.matcher(text);
        return m.find() ? m.group() : null;
    }
}
