package org.newsnode.nntp.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.newsnode.nntp.session.NntpSession;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Overview;
import org.newsnode.storage.store.StoredArticle;

/**
 * Header values for HDR, XHDR and XPAT (RFC 3977 §8.5): from the overview rows when the
 * field is in the overview, otherwise from each article's header. Values have CRLF removed
 * and TAB replaced by a space; a missing header gives an empty value.
 */
final class HeaderValues {
    @FunctionalInterface
    interface Sink {
        void value(long number, String value);
    }

    /** Outcome of selecting the articles an HDR-like command names. */
    enum Status { OK, NO_GROUP, NO_CURRENT, BAD_RANGE, NO_SUCH_ID, UNKNOWN_METADATA, TOO_MANY }

    /** Articles one HDR/XHDR/XPAT may read for a header not in the overview (each is a read from the log). */
    static final int MAX_ARTICLES_READ = 5_000;

    private HeaderValues() {
    }

    static boolean knownField(String field) {
        return !field.startsWith(":") || Overview.isOverviewField(field);
    }

    /** Articles read per scan step for a header not in the overview. */
    static final int ARTICLES_PER_STEP = 200;

    /**
     * Produces (number, value) for the selection: a Message-ID (number 0), a range in the
     * selected group, or the current article when {@code selection} is null; then gives
     * {@code end} the outcome. A range is read in steps of the session's scan (see ScanPages),
     * so {@code end} may run in a later step.
     */
    static void collect(NntpSession s, String field, String selection, Sink sink, Consumer<Status> end) {
        if (!knownField(field)) {
            end.accept(Status.UNKNOWN_METADATA);
            return;
        }
        var storage = s.context().storage();
        if (selection != null && MessageIds.looksLikeMessageId(selection)) {
            end.accept(byMessageId(s, field, selection, sink));
            return;
        }
        if (selection != null && !Range.isValid(selection)) {
            end.accept(Status.BAD_RANGE); // RFC 3977 §3.2.1: syntax before the group (INN too)
            return;
        }
        Group g = s.freshGroup();
        if (g == null) {
            end.accept(Status.NO_GROUP);
            return;
        }
        Range range;
        if (selection == null) {
            if (s.current() < 0) {
                end.accept(Status.NO_CURRENT);
                return;
            }
            range = new Range(s.current(), s.current());
        } else {
            range = Range.parse(selection, g.high());
            if (range == null) {
                end.accept(Status.BAD_RANGE);
                return;
            }
        }
        if (range.isEmpty()) {
            end.accept(Status.OK);
            return;
        }
        if (Overview.isOverviewField(field)) {
            ScanPages.walk(s, range.low(), range.high(), ScanPages.PAGE, (from, to, limit) -> storage.reader().overview(g, from, to, limit,
                    (n, ov) -> sink.value(n, visible(s, field, Overview.field(ov, field)))), () -> end.accept(Status.OK));
            return;
        }
        List<Long> numbers = new ArrayList<>();
        storage.reader().numbers(g, range.low(), range.high(), MAX_ARTICLES_READ + 1, numbers::add);
        if (numbers.size() > MAX_ARTICLES_READ) {
            end.accept(Status.TOO_MANY); // the client chose the cost: a range that reads thousands of articles
            return;
        }
        readHeaders(s, g, numbers, 0, field, sink, end);
    }

    /** A header not in the overview, from each article's stored header, a step's worth at a time. */
    private static void readHeaders(NntpSession s, Group g, List<Long> numbers, int from, String field, Sink sink,
                                    Consumer<Status> end) {
        int to = Math.min(numbers.size(), from + ARTICLES_PER_STEP);
        for (int i = from; i < to; i++) {
            StoredArticle a = s.context().storage().reader().byNumber(g, numbers.get(i));
            if (a != null) {
                sink.value(numbers.get(i), visible(s, field, headerOf(a, field)));
            }
        }
        if (to == numbers.size()) {
            end.accept(Status.OK);
        } else {
            s.scanMore(() -> readHeaders(s, g, numbers, to, field, sink, end));
        }
    }

    private static Status byMessageId(NntpSession s, String field, String id, Sink sink) {
        var storage = s.context().storage();
        if (!MessageIds.isValid(id) || !s.identity().mayReadArticle(id)) {
            return Status.NO_SUCH_ID; // also when [[access]] hides it
        }
        if (Overview.isOverviewField(field)) {
            byte[] ov = storage.reader().overviewByMessageId(id);
            if (ov == null) {
                return Status.NO_SUCH_ID;
            }
            sink.value(0, visible(s, field, Overview.field(ov, field)));
        } else {
            StoredArticle a = storage.reader().byMessageId(id);
            if (a == null) {
                return Status.NO_SUCH_ID;
            }
            sink.value(0, visible(s, field, headerOf(a, field)));
        }
        return Status.OK;
    }

    /** Xref values leave out the groups the session may not read. */
    private static String visible(NntpSession s, String field, String value) {
        return field.equalsIgnoreCase("Xref") ? VisibleXref.filter(s, value) : value;
    }

    private static String headerOf(StoredArticle a, String field) {
        try {
            Article head = Article.parse(Arrays.copyOf(a.wire(), a.bodyOffset()));
            String v = head.header(field);
            return v == null ? "" : v.replace('\t', ' ');
        } catch (ArticleFormatException e) {
            return "";
        }
    }

    /** Answers the failure statuses; returns true when one was answered. */
    static boolean replyFailure(NntpSession s, Status st, String field) {
        switch (st) {
            case NO_GROUP -> Replies.noGroup(s);
            case NO_CURRENT -> Replies.noCurrent(s);
            case BAD_RANGE -> Replies.badRange(s);
            case NO_SUCH_ID -> Replies.noSuchMessageId(s);
            case UNKNOWN_METADATA -> s.reply(503, "Unknown metadata item " + field.toLowerCase(Locale.ROOT));
            case TOO_MANY -> s.reply(503, field + " is not in the overview: at most " + MAX_ARTICLES_READ
                    + " articles per command for it; ask for a smaller range");
            default -> {
                return false;
            }
        }
        return true;
    }
}
