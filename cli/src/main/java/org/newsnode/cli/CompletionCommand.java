package org.newsnode.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** newsnode completion: a bash/zsh completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a completion script for bash and zsh (commands, options, file arguments).",
        footer = {"", "Examples:", "  source <(newsnode completion)",
                "  newsnode completion > /etc/bash_completion.d/newsnode"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("newsnode", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
