package org.newsnode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.newsnode.cli.client.NntpClient;
import org.newsnode.cli.mime.ArticleView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** newsnode article: fetch an article from any NNTP server and show it decoded. */
@Command(name = "article", mixinStandardHelpOptions = true,
        description = {"Fetch an article by Message-ID or GROUP:NUMBER and show it decoded: header fields from "
                + "RFC 2047, MIME parts with type and size, text in its charset; --raw prints it as stored.",
                "Exit codes: 0 shown, 1 no such article or server unreachable, 2 usage."},
        footer = {"", "Examples:", "  newsnode article '<abc@example.org>'", "  newsnode article local.test:3 --raw",
                "  newsnode article '<abc@example.org>' --save-attachments ./files"})
final class ShowArticleCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "<Message-ID>|GROUP:NUMBER", description = "Which article.")
    String which;

    @Option(names = "--raw", description = "Print the article exactly as the server sends it.")
    boolean raw;

    @Option(names = "--save-attachments", paramLabel = "DIR", description = "Write the attached files into DIR.")
    Path saveTo;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String command;
        String group = null;
        if (which.startsWith("<") && which.endsWith(">")) {
            command = "ARTICLE " + which;
        } else {
            int colon = which.lastIndexOf(':');
            if (colon <= 0 || !which.substring(colon + 1).matches("\\d{1,16}")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "\"" + which + "\" is neither <Message-ID> nor GROUP:NUMBER");
            }
            group = which.substring(0, colon);
            command = "ARTICLE " + which.substring(colon + 1);
        }
        byte[] article;
        try (NntpClient c = server.open(home.resolve())) {
            if (group != null) {
                NntpClient.Reply g = c.command("GROUP " + group);
                if (g.code() != 211) {
                    err.println("newsnode article: " + g);
                    return 1;
                }
            }
            NntpClient.Reply r = c.command(command);
            if (r.code() != 220) {
                err.println("newsnode article: " + r);
                return 1;
            }
            article = c.readBlock();
        } catch (ServerOptions.ServerRefusal e) {
            err.println("newsnode article: the server refused: " + e.reply);
            return 1;
        } catch (IOException e) {
            err.println("newsnode article: " + e.getMessage());
            return 1;
        }
        if (raw) {
            out.flush();
            System.out.write(article);
            System.out.flush();
            return 0;
        }
        ArticleView view = new ArticleView(article);
        view.print(out);
        if (saveTo != null) {
            for (Path p : view.saveAttachments(saveTo)) {
                out.printf("saved %s (%,d octets)%n", p, java.nio.file.Files.size(p));
            }
        }
        out.flush();
        return 0;
    }
}
