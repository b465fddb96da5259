package org.newsnode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.newsnode.cli.client.NntpClient;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.article.NetnewsDates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * newsnode cancel: cancels one's own article on any server (RFC 5537 §5.3): the cancel
 * carries the Cancel-Key that opens the Cancel-Lock `newsnode post` gave the article
 * (RFC 8315), so every server that checks Cancel-Lock honours it and no other cancel works.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel an article you posted with `newsnode post` (its Cancel-Lock opens with your key).",
                "Prints the cancel's Message-ID."},
        footer = {"", "Example:", "  newsnode cancel '<abc123@example.org>' --server news.example.org"})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "MESSAGE-ID", description = "The article to cancel.")
    String target;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "Sender of the cancel (default: the article's From).")
    String from;

    @Option(names = "--cancel-secret", paramLabel = "FILE",
            description = "The secret the article's lock was made with (default: ~/.config/newsnode/cancel-lock.secret).")
    Path cancelSecret;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!MessageIds.isValid(target)) {
            err.println("newsnode cancel: \"" + target + "\" is not a Message-ID (<local@domain>)");
            return 2;
        }
        byte[] secret = PosterSecret.load(cancelSecret != null ? cancelSecret : PosterSecret.defaultFile());
        NodeHome h = home.resolve();
        try (NntpClient c = server.open(h)) {
            NntpClient.Reply head = c.command("HEAD " + target);
            if (head.code() != 221) {
                err.println("newsnode cancel: the server does not have " + target + ": " + head);
                return 1;
            }
            Article a = Article.parse(c.readBlock());
            String sender = from != null ? from : a.header("From");
            String newsgroups = a.header("Newsgroups");
            String proposed = Posting.start(c);
            String id = proposed != null ? proposed : Posting.ownId(sender);
            byte[] cancel = ("From: " + sender + "\r\nNewsgroups: " + newsgroups + "\r\nSubject: cmsg cancel " + target
                    + "\r\nControl: cancel " + target + "\r\nMessage-ID: " + id + "\r\nDate: "
                    + NetnewsDates.format(java.time.Instant.now()) + "\r\nCancel-Key: " + CancelLock.key(secret, null, target)
                    + "\r\n\r\nCancelled by its author.\r\n").getBytes(StandardCharsets.UTF_8);
            out.println(Posting.send(c, cancel, id));
            return 0;
        } catch (ServerOptions.ServerRefusal e) {
            err.println("newsnode cancel: the server refused: " + e.reply);
            return 1;
        } catch (IOException | org.newsnode.storage.article.ArticleFormatException e) {
            err.println("newsnode cancel: " + e.getMessage());
            return 1;
        }
    }
}
