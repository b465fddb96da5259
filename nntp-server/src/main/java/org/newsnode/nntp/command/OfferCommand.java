package org.newsnode.nntp.command;

/**
 * IHAVE, CHECK and TAKETHIS: the one argument, a Message-ID, is the rest of the line, blanks
 * included, so a malformed ID ("<a b@c>") is answered 435/438/439 as INN answers it (innfeed
 * drops the whole connection on a 501 and offers the article again, for ever), and TAKETHIS
 * still reads its article.
 */
abstract class OfferCommand extends AbstractCommand {
    OfferCommand(String syntax, int minArgs) {
        super(syntax, minArgs, 1);
    }

    @Override
    public boolean lastArgumentIsRest() {
        return true;
    }
}
