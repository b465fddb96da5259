package org.newsnode.nntp.transit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.newsnode.nntp.codec.ArticleBlock;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.ArticleRules;
import org.newsnode.storage.text.Printable;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.HistoryState;
import org.newsnode.storage.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An article offered by a peer (IHAVE or TAKETHIS): checked cheapest first, relayed
 * (RFC 5537 §3.6: our path identity prepended to Path) and stored, or refused with a reason
 * that is logged and remembered in history so the ID is not offered again (INN's
 * remembertrash). One log line per article.
 */
public final class Reception {
    private static final Logger log = LoggerFactory.getLogger("newsnode.article");
    /** The outcome for the wire: accepted, a duplicate, or refused with a reason. */
    public record Outcome(Kind kind, String reason) {
        public enum Kind { ACCEPTED, DUPLICATE, REFUSED }

        static Outcome refused(String reason) {
            return new Outcome(Kind.REFUSED, reason);
        }
    }

    private Reception() {
    }

    /**
     * Checks and stores; the future completes once the article (or its refusal) is committed.
     * With {@code batch} the article is only queued for the writer; the session commits the
     * queue when it has handled all input it has (see NntpSession); an import commits every
     * few hundred articles.
     */
    public static CompletableFuture<Outcome> receive(Origin s, String commandId, ArticleBlock block, boolean batch) {
        var ctx = s.context();
        NodeConfig config = ctx.config();
        if (block.tooLarge()) {
            return refuse(s, commandId, "Article of " + block.size() + " bytes exceeds local limit of "
                    + config.maxArticleSize() + " bytes");
        }
        Article a;
        try {
            a = Article.parse(block.data());
            ArticleRules.checkBounds(a);
        } catch (ArticleFormatException e) {
            return refuse(s, commandId, e.getMessage());
        }
        String id = a.header("Message-ID");
        if (id == null) {
            // INN remembers nothing for an article without Message-ID: there is no ID to refuse
            return CompletableFuture.completedFuture(log(s, commandId, Outcome.refused("Missing Message-ID header field")));
        }
        if (!MessageIds.isValid(id)) {
            return refuse(s, MessageIds.isValid(commandId) ? commandId : null, "Can't parse Message-ID header field body: " + id);
        }
        if (commandId != null && !commandId.equals(id)) {
            // the reply and history are keyed by the command's ID: storing another would answer for the wrong article.
            // Neither ID is remembered: another peer may still send either for real
            return CompletableFuture.completedFuture(log(s, commandId, Outcome.refused("Message-ID header field "
                    + id + " does not match " + commandId + " of the command")));
        }
        // no history lookup here: CHECK/IHAVE did it, and the writer refuses a duplicate in its transaction
        String loop = loopIdentity(a.header("Path"), config.ownIdentities());
        if (loop != null) {
            return refuse(s, id, "Path already contains " + loop + " (loop)");
        }
        Instant date;
        try {
            ArticleRules.checkHeaders(a);
            date = NetnewsDates.parse(a.header("Date"));
            ArticleRules.checkDate(date, ctx.clock().instant(), config.cutoff());
            ArticleRules.checkInjectionDate(a, ctx.clock().instant(), config.cutoff());
            if (ArticleRules.hasNoBody(a) && a.count("Control") == 0) {
                throw new ArticleFormatException("Article has no body -- just headers"); // innd's text
            }
        } catch (ArticleFormatException e) {
            return refuse(s, id, e.getMessage());
        }
        List<String> groups = new ArrayList<>();
        boolean notAccepted = false;
        for (String name : a.newsgroups()) {
            Group g = ctx.storage().group(name);
            if (g != null && !acceptsFrom(s.peers(), name)) {
                notAccepted = true; // INN incoming.conf patterns: this peer may not feed that group
            } else if (g != null) {
                if (g.status() == Group.MODERATED && a.count("Approved") == 0) {
                    return refuse(s, id, "Unapproved for \"" + name + "\"");
                }
                groups.add(name);
            }
        }
        if (groups.isEmpty() && notAccepted) {
            // not remembered: a peer that may feed these groups can still send it
            return CompletableFuture.completedFuture(log(s, id, Outcome.refused("Newsgroups not accepted from "
                    + s.peerLabel() + " (its accept-groups)")));
        }
        if (groups.isEmpty()) {
            return refuse(s, id, "Unwanted newsgroup \"" + a.header("Newsgroups") + "\"");
        }
        String relayPath = relayPath(a.header("Path"), config.pathIdentity());
        long posted = date.getEpochSecond();
        String storedId = id;
        java.util.Set<String> sentBy = sender(s, a.header("Path"));
        for (var p : s.peers()) {
            if (!sentBy.contains(p.name()) && !s.peerByLogin()) {
                // its address offered the ID (CHECK/IHAVE), but the article does not come from it: it may not have it
                ctx.storage().offerUnproven(id, p.name());
            }
        }
        var stored = batch ? ctx.storage().storeLater(a, id, groups, posted, config.pathIdentity(), sentBy, relayPath)
                : ctx.storage().store(a, id, groups, posted, config.pathIdentity(), sentBy, relayPath);
        return stored.thenApply(r -> {
            if (r.outcome() == StoreResult.Outcome.ACCEPTED) {
                s.counters().accepted++;
                log.info("accepted {} from {} into {} ({} bytes)", storedId, s.peerLabel(), r.numbers(), a.size());
                return new Outcome(Outcome.Kind.ACCEPTED, null);
            }
            return log(s, storedId, r.outcome() == StoreResult.Outcome.DUPLICATE
                    ? new Outcome(Outcome.Kind.DUPLICATE, "Duplicate") : Outcome.refused("No carried group left"));
        });
    }

    /**
     * The peer that sent the article, which is not offered it back (seen-by): the one its
     * AUTHINFO login names, else the peer at this address whose path identity starts Path (a
     * relaying peer puts itself first, RFC 5537 §3.6). An address alone proves nothing: a local
     * injector (rpost, a script's IHAVE) may share a peer's address (a tunnel on 127.0.0.1), and
     * that peer must still get the article; a Path naming it anywhere keeps it from it anyway.
     */
    static java.util.Set<String> sender(Origin s, String path) {
        var candidates = s.peers();
        if (candidates.size() == 1 && s.peerByLogin()) {
            return java.util.Set.of(candidates.get(0).name());
        }
        String first = path == null ? "" : path.split("!", 2)[0].strip();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (var p : candidates) {
            if (p.identities().stream().anyMatch(first::equalsIgnoreCase)) {
                named.add(p.name());
            }
        }
        return named;
    }

    /**
     * True when every peer the session may be lets it feed {@code group} (accept-groups): when
     * several share an address, the strictest applies. Not a peer (an import, a feed right): true.
     */
    static boolean acceptsFrom(List<org.newsnode.storage.config.PeerConfig> candidates, String group) {
        for (var p : candidates) {
            if (!p.acceptGroups().matches(group)) {
                return false;
            }
        }
        return true;
    }

    /** The first of our identities that appears as a Path element, or null (RFC 5537 §3.3 loop detection). */
    static String loopIdentity(String path, List<String> ours) {
        if (path == null) {
            return null;
        }
        for (String element : path.split("!")) {
            String e = element.strip();
            for (String id : ours) {
                if (e.equalsIgnoreCase(id)) {
                    return id;
                }
            }
        }
        return null;
    }

    /**
     * RFC 5537 §3.6: the Path body with our path identity prepended, or null when it is
     * already first (INN's rule) and Path stays as it is.
     */
    static String relayPath(String path, String pathIdentity) {
        if (path.regionMatches(true, 0, pathIdentity + "!", 0, pathIdentity.length() + 1)) {
            return null;
        }
        return pathIdentity + "!" + path;
    }

    private static CompletableFuture<Outcome> refuse(Origin s, String id, String reason) {
        Outcome o = log(s, id, Outcome.refused(reason));
        if (id == null || !MessageIds.isValid(id)) {
            return CompletableFuture.completedFuture(o);
        }
        return s.context().storage().remember(id, HistoryState.REJECTED).thenApply(v -> o);
    }

    private static Outcome log(Origin s, String id, Outcome o) {
        if (o.kind() == Outcome.Kind.DUPLICATE) {
            s.counters().duplicates++;
            log.debug("duplicate {} from {}", Printable.of(id), s.peerLabel());
        } else {
            s.counters().refused++;
            log.info("refused {} from {}: {}", id == null ? "-" : Printable.of(id), s.peerLabel(), Printable.of(o.reason()));
        }
        return o;
    }
}
