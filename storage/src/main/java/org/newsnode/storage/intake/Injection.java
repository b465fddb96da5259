package org.newsnode.storage.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.ArticleRules;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;

/**
 * The injecting agent (RFC 5537 §3.5): checks a posted article, adds Path, Message-ID and
 * Date when missing, Injection-Date and Injection-Info, drops a client's Xref, and says
 * which carried groups it goes to. A refusal carries the text for the 441 reply.
 */
public final class Injection {
    /** A checked article ready to store. */
    public record Prepared(Article article, String messageId, List<String> groups, long postedSeconds) {
    }

    /** A posting refused with 441 and this text. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final Storage storage;
    private final String pathIdentity;
    private final Duration cutoff;
    /** The node's Cancel-Lock secret (RFC 8315 §4), or null to add no lock. */
    private final byte[] lockSecret;

    public Injection(Storage storage, String pathIdentity, Duration cutoff, byte[] lockSecret) {
        this.storage = storage;
        this.pathIdentity = pathIdentity;
        this.cutoff = cutoff;
        this.lockSecret = lockSecret;
    }

    public Prepared prepare(byte[] raw, String recommendedId, String postingHost, Instant now) throws Refused {
        Article a;
        try {
            a = Article.parse(raw);
            ArticleRules.checkBounds(a);
        } catch (ArticleFormatException e) {
            throw new Refused(e.getMessage());
        }
        // nnrpd's order of checks (INN 2.7.1, tried side by side), so the first reason given is nnrpd's
        if (ArticleRules.headersOnly(a)) {
            throw new Refused("Article has no body -- just headers");
        }
        try {
            ArticleRules.checkDuplicates(a);
        } catch (ArticleFormatException e) {
            throw new Refused(e.getMessage());
        }
        boolean control = a.count("Control") > 0;
        String newsgroups = a.header("Newsgroups");
        // a control message is filed in its pseudo-group and flooded by Newsgroups, carried here or not (RFC 5537 §5)
        List<String> groups = newsgroups == null ? List.of() : control && a.newsgroups() != null ? a.newsgroups()
                : carriedGroups(a.newsgroups(), newsgroups);
        if (a.count("Injection-Info") > 0) {
            // RFC 5537 §3.5: an article that carries Injection-Info was injected already
            throw new Refused("Can't set system Injection-Info header field");
        }
        Instant injected = null;
        if (a.count("Injection-Date") > 0) {
            injected = NetnewsDates.parse(a.header("Injection-Date"));
            if (injected == null) {
                throw new Refused("Can't parse Injection-Date header field body");
            }
            if (injected.isAfter(now.plus(ArticleRules.FUTURE_SLACK))) {
                throw new Refused("Article injected in the future");
            }
        }
        List<String> append = new ArrayList<>();
        String nowText = NetnewsDates.format(now);
        Instant posted;
        if (a.count("Date") == 0) {
            posted = now;
            append.add("Date: " + nowText);
        } else {
            posted = NetnewsDates.parse(a.header("Date"));
            if (posted == null) {
                throw new Refused("Can't parse Date header field body");
            }
            try {
                ArticleRules.checkDate(posted, now, cutoff);
            } catch (ArticleFormatException e) {
                throw new Refused(e.getMessage());
            }
        }
        String messageId = a.header("Message-ID");
        if (messageId == null) {
            messageId = recommendedId;
            append.add("Message-ID: " + messageId);
        } else if (!MessageIds.isValid(messageId)) {
            throw new Refused("Can't parse Message-ID header field body");
        }
        if (a.count("Expires") > 0 && NetnewsDates.parse(a.header("Expires")) == null) {
            throw new Refused("Can't parse Expires header field");
        }
        if (a.count("From") == 0) {
            throw new Refused("Missing required From header field");
        }
        if (newsgroups == null) {
            throw new Refused("Missing required Newsgroups header field");
        }
        if (a.header("Subject") == null || a.header("Subject").isBlank()) {
            throw new Refused("Missing required Subject header field");
        }
        if (ArticleRules.hasNoBody(a) && !control) {
            throw new Refused("Article is empty");
        }
        if (!ArticleRules.fromLooksLikeAddress(a.header("From"))) {
            throw new Refused("Address in From header field not in Internet syntax");
        }
        String followupTo = a.header("Followup-To");
        boolean dropFollowupTo = followupTo != null && followupTo.isBlank(); // nnrpd takes it and drops the empty field
        if (!dropFollowupTo) {
            checkFollowupTo(followupTo);
        }
        if (injected != null && injected.isBefore(now.minus(cutoff))) {
            throw new Refused("437 Too old -- \"" + a.header("Injection-Date") + "\""); // innd's refusal, as nnrpd relays it
        }
        String clientPath = a.header("Path");
        // RFC 5537 §3.5: the injecting agent's path identity starts the Path
        String path = "Path: " + pathIdentity + "!" + (clientPath == null ? "not-for-mail" : clientPath);
        append.add("Injection-Date: " + nowText);
        append.add("Injection-Info: " + pathIdentity + "; posting-host=\"" + postingHost + "\"");
        List<String> remove = new ArrayList<>(List.of("Path", "Xref", "Injection-Date"));
        if (dropFollowupTo) {
            remove.add("Followup-To");
        }
        if (lockSecret != null) {
            // RFC 8315 §4 as INN does it: our lock joins any the client sent (tin adds its own)
            List<String> locks = new ArrayList<>();
            for (var f : a.fields()) {
                if (f.is("Cancel-Lock")) {
                    locks.addAll(CancelLock.elements(f.value()));
                }
            }
            locks.add(CancelLock.lockFor(CancelLock.key(lockSecret, null, messageId)));
            remove.add("Cancel-Lock");
            append.add("Cancel-Lock: " + String.join(" ", locks));
        }
        Article ready = a.rewrite(remove, List.of(path), append);
        try {
            ArticleRules.checkHeaders(ready);
        } catch (ArticleFormatException e) {
            throw new Refused(e.getMessage());
        }
        return new Prepared(ready, messageId, groups, posted.getEpochSecond());
    }

    /** Followup-To (RFC 5536 §3.2.6), unless "poster", must name a group carried here, as nnrpd checks it. */
    private void checkFollowupTo(String followupTo) throws Refused {
        if (followupTo == null || followupTo.strip().equalsIgnoreCase("poster")) {
            return;
        }
        List<String> names = org.newsnode.storage.article.NewsgroupNames.parseList(followupTo);
        if (names == null || names.stream().noneMatch(n -> storage.group(n) != null)) {
            throw new Refused("No valid newsgroups in \"" + followupTo + "\"");
        }
    }

    /** The carried groups the article may be posted to; refuses when there is none. */
    private List<String> carriedGroups(List<String> names, String newsgroups) throws Refused {
        if (names == null) {
            throw new Refused("No valid newsgroups in \"" + newsgroups + "\"");
        }
        List<String> carried = new ArrayList<>();
        for (String name : names) {
            Group g = storage.group(name);
            if (g == null) {
                continue;
            }
            if (g.status() == Group.NO_POSTING) {
                throw new Refused("Posting to " + name + " is not allowed");
            }
            carried.add(name);
        }
        if (carried.isEmpty()) {
            throw new Refused("No valid newsgroups in \"" + newsgroups + "\"");
        }
        return carried;
    }

    /**
     * RFC 5537 §3.5.1: an Approved field is taken only from a session with the approve right
     * ([[access]] approve, INN's "A") for every moderated group named; without Approved, the
     * first moderated group is returned: the article goes to its moderator. Null: store it.
     */
    public static String checkModeration(Storage storage, Prepared p, java.util.function.Predicate<String> mayApprove)
            throws Refused {
        boolean approved = p.article().count("Approved") > 0;
        for (String name : p.groups()) {
            Group g = storage.group(name);
            if (g == null || g.status() != Group.MODERATED) {
                continue;
            }
            if (!approved) {
                return name;
            }
            if (!mayApprove.test(name)) {
                throw new Refused("Not allowed to approve articles in " + name);
            }
        }
        return null;
    }
}
