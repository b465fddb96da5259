package org.newsnode.nntp.command;

import java.util.List;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.StoredArticle;

/**
 * ARTICLE, HEAD, BODY and STAT (RFC 3977 §6.2): by Message-ID, by number in the selected
 * group, or the current article. By number the current article moves; by Message-ID not.
 */
abstract class RetrievalCommand extends AbstractCommand {
    private final int code;
    private final String word;

    RetrievalCommand(String name, int code, String word) {
        super(name + " [message-ID|number]", 0, 1);
        this.code = code;
        this.word = word;
    }

    @Override
    public void execute(NntpSession s, List<String> args) {
        StoredArticle a;
        if (args.isEmpty()) {
            Group g = s.group();
            if (g == null) {
                Replies.noGroup(s);
                return;
            }
            if (s.current() < 0 || (a = s.context().storage().reader().byNumber(g, s.current())) == null) {
                Replies.noCurrent(s);
                return;
            }
        } else {
            String arg = args.get(0);
            long n = Range.number(arg);
            if (n >= 0) {
                Group g = s.group();
                if (g == null) {
                    Replies.noGroup(s);
                    return;
                }
                a = s.context().storage().reader().byNumber(g, n);
                if (a == null) {
                    Replies.noSuchNumber(s, n);
                    return;
                }
                s.setCurrent(n);
            } else if (MessageIds.looksLikeMessageId(arg)) {
                a = MessageIds.isValid(arg) ? s.context().storage().reader().byMessageId(arg) : null;
                if (a == null || !s.identity().mayReadArticle(arg)) {
                    Replies.hiddenMessageId(s, arg);
                    return;
                }
            } else if (arg.chars().allMatch(Character::isDigit)) {
                Replies.badNumber(s);
                return;
            } else {
                Replies.badMessageId(s);
                return;
            }
        }
        s.counters().articlesServed++;
        respond(s, a, code + " " + a.number() + " " + a.messageId() + " " + word);
    }

    /** Writes the status line and the article part in one response. */
    abstract void respond(NntpSession s, StoredArticle a, String status);
}
