package org.newsnode.nntp.command;

/** Holds a command's syntax line and argument bounds. */
abstract class AbstractCommand implements Command {
    private final String syntax;
    private final int minArgs;
    private final int maxArgs;

    AbstractCommand(String syntax, int minArgs, int maxArgs) {
        this.syntax = syntax;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    @Override
    public String syntax() {
        return syntax;
    }

    @Override
    public int minArgs() {
        return minArgs;
    }

    @Override
    public int maxArgs() {
        return maxArgs;
    }
}
