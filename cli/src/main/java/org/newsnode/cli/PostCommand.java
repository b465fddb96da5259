package org.newsnode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.newsnode.cli.client.NntpClient;
import org.newsnode.cli.mime.ArticleComposer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** newsnode post: compose a MIME article and POST it to any NNTP server. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = {"Compose an article (MIME, UTF-8, attachments) and post it with POST to any NNTP server; "
                + "prints its Message-ID. The body is read from FILE, or from standard input.",
                "Exit codes: 0 posted, 1 refused by the server (its reply is printed) or unreachable, 2 usage."},
        footer = {"", "Examples:",
                "  newsnode post --group local.test --subject 'Grüße' --from 'Jörg <j@example.org>' body.txt",
                "  echo hi | newsnode post --group a.b --group c.d --subject hi --from me@example.org --attach pic.png",
                "  newsnode post --server news.example.net:119 --user me --password secret --group misc.test "
                        + "--subject test --from me@example.org --dry-run < body.txt"})
final class PostCommand implements Callable<Integer> {
    /** The ID INN and newsnode propose in their 340 reply (RFC 3977 leaves the text free). */

    @Mixin
    HomeOption home;

    @Mixin
    ServerOptions server;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "Newsgroup; repeat to crosspost.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--subject", required = true, paramLabel = "TEXT", description = "Subject (any Unicode).")
    String subject;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "Author, e.g. 'Name <addr@example.org>'.")
    String from;

    @Option(names = "--followup-to", paramLabel = "GROUPS", description = "Followup-To field.")
    String followupTo;

    @Option(names = "--references", paramLabel = "IDS", description = "References field (the thread's Message-IDs).")
    String references;

    @Option(names = "--message-id", paramLabel = "ID", description = "Use this Message-ID (default: the server's proposal).")
    String messageId;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "Extra header field; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--attach", paramLabel = "FILE", description = "Attach a file (multipart/mixed, base64); repeatable.")
    List<Path> attachments = new ArrayList<>();

    @Option(names = "--cancel-secret", paramLabel = "FILE",
            description = "Secret for the Cancel-Lock (RFC 8315) that lets `newsnode cancel` cancel it later "
                    + "(default: ~/.config/newsnode/cancel-lock.secret, made at first use).")
    java.nio.file.Path cancelSecret;

    @Option(names = "--no-cancel-lock", description = "Send no Cancel-Lock.")
    boolean noCancelLock;

    @Option(names = "--dry-run", description = "Print the article instead of posting it.")
    boolean dryRun;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Body text in UTF-8 (default: standard input).")
    Path bodyFile;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String body = bodyFile != null ? Files.readString(bodyFile, StandardCharsets.UTF_8)
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        ArticleComposer composer = new ArticleComposer().subject(subject).from(from).followupTo(followupTo)
                .references(references).body(body);
        groups.forEach(composer::group);
        attachments.forEach(composer::attach);
        for (String h : headers) {
            composer.header(h);
        }
        if (dryRun) {
            composer.messageId(messageId);
            out.print(new String(composer.compose(), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        NodeHome h = home.resolve();
        try (NntpClient c = server.open(h)) {
            String proposed = Posting.start(c);
            String id = messageId != null ? messageId : proposed;
            if (id == null && !noCancelLock) {
                id = Posting.ownId(from); // a lock is for one Message-ID: choose it here when the server proposes none
            }
            composer.messageId(id);
            if (!noCancelLock) {
                byte[] secret = PosterSecret.load(cancelSecret != null ? cancelSecret : PosterSecret.defaultFile());
                composer.header("Cancel-Lock: " + org.newsnode.storage.article.CancelLock.lockFor(
                        org.newsnode.storage.article.CancelLock.key(secret, null, id)));
            }
            String posted = Posting.send(c, composer.compose(), id);
            out.println(posted == null ? "posted (the server did not say which Message-ID it gave)" : posted);
            return 0;
        } catch (ServerOptions.ServerRefusal e) {
            return refused(err, e.reply);
        } catch (IOException e) {
            err.println("newsnode post: " + e.getMessage());
            return 1;
        }
    }

    private static int refused(PrintWriter err, NntpClient.Reply r) {
        err.println("newsnode post: the server refused: " + r);
        return 1;
    }
}
