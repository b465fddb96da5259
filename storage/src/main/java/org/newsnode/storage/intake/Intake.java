package org.newsnode.storage.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.ArticleRules;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.store.Arrival;
import org.newsnode.storage.store.CancelOrder;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.HistoryState;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoreResult;
import org.newsnode.storage.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in for every article, whoever brings it and however: a reader's POST
 * ({@link #post}), a peer's IHAVE or TAKETHIS, an import, a pull ({@link #relay}). It checks
 * (cheapest first, in INN's order, so the first reason given is INN's), prepares (injection
 * or relaying), and hands the article to the store's writer; the future completes once the
 * article or its refusal is committed. No transport in here: the caller turns the verdict
 * into its reply and counts it. One log line per article.
 */
public final class Intake {
    private static final Logger log = LoggerFactory.getLogger("newsnode.article");

    /** Who relays an article: a peer's session, an import, a pull. */
    public record Source(String label, List<PeerConfig> peers, boolean peerByLogin) {
        public Source {
            peers = List.copyOf(peers);
        }

        /** An import or a local script: no peer, nobody to spare the article (seen-by). */
        public static Source local(String label) {
            return new Source(label, List.of(), false);
        }
    }

    /** Who posts: the posting host (for Injection-Info), and the session's rights. */
    public record Poster(String address, String postingHost, Predicate<String> mayPost, Predicate<String> mayApprove) {
    }

    /** What became of an arrival; {@code reason} says why it was refused (the text for 437/441). */
    public record Verdict(Kind kind, String messageId, String reason) {
        /** MAILED: a post to a moderated group without Approved, on its way to the moderator (RFC 5537 §3.5.1). */
        public enum Kind { ACCEPTED, MAILED, DUPLICATE, REFUSED }

        /** Taken: stored, or mailed to the moderator (both answered 240). */
        public boolean accepted() {
            return kind == Kind.ACCEPTED || kind == Kind.MAILED;
        }

        static Verdict refused(String id, String reason) {
            return new Verdict(Kind.REFUSED, id, reason);
        }
    }

    private final Storage storage;
    private final NodeConfig config;
    private final Clock clock;
    private final CancelDesk cancels;
    private final ControlDesk desk;

    /** For one-shot use (a test, a tool): a control desk of its own. */
    public Intake(Storage storage, NodeConfig config, Clock clock) {
        this(storage, config, clock, new ControlDesk(storage, config));
    }

    /** With the node's control desk (its rules, its mail, its control thread). */
    public Intake(Storage storage, NodeConfig config, Clock clock, ControlDesk desk) {
        this.storage = storage;
        this.config = config;
        this.clock = clock;
        this.desk = desk;
        this.cancels = new CancelDesk(storage, desk.cancelPolicy());
    }

    // ---------------------------------------------------------------- POST (RFC 5537 §3.5)

    /**
     * A reader's article: injected (Path, Message-ID, dates, Injection-Info), checked against
     * moderation and the poster's rights, stored. {@code size} counts what the client sent;
     * {@code data} is null when it was over the limit and not kept.
     */
    public CompletableFuture<Verdict> post(Poster poster, byte[] data, long size, String recommendedId) {
        if (data == null || size > config.maxArticleSize()) {
            return done(rejected(poster, null, "Article of " + size + " bytes exceeds local limit of "
                    + config.maxArticleSize() + " bytes"));
        }
        Injection.Prepared p;
        try {
            p = new Injection(storage, config.pathIdentity(), config.cutoff(), storage.cancelSecret())
                    .prepare(data, recommendedId, poster.postingHost(), clock.instant());
            checkPostAccess(poster, p);
            String unapproved = ControlMessage.of(p.article()) != null ? null // filed in control.*, never moderated
                    : Injection.checkModeration(storage, p, poster.mayApprove());
            if (unapproved != null) {
                return toModerator(poster, p, unapproved);
            }
        } catch (Injection.Refused e) {
            return done(rejected(poster, null, e.getMessage()));
        }
        ControlMessage control = ControlMessage.of(p.article());
        if (control != null && control.obsolete()) {
            return done(rejected(poster, p.messageId(), "Obsolete control message type " + control.type()));
        }
        List<String> groups = p.groups();
        if (control != null) {
            ensureControlGroup(control);
            groups = List.of(control.group()); // filed as INN files it; fed by its Newsgroups
        }
        Arrival arrival = Arrival.local(p.article(), p.messageId(), groups, p.postedSeconds(), config.pathIdentity())
                .cancelling(cancels.orders(p.article(), p.messageId(), CancelDesk.targets(p.article(), control)));
        return storage.store(arrival)
                .thenApply(r -> switch (r.outcome()) {
                    case ACCEPTED -> {
                        log.info("accepted {} posted by {} into {} ({} bytes)", p.messageId(), poster.address(), r.numbers(),
                                p.article().size());
                        cancels.afterStore(p.article(), r);
                        if (control != null) {
                            desk.act(control, p.article(), p.messageId());
                        }
                        yield new Verdict(Verdict.Kind.ACCEPTED, p.messageId(), null);
                    }
                    // nnrpd's exact text: clients and test suites compare it
                    case DUPLICATE -> rejected(poster, p.messageId(), "435 Duplicate");
                    default -> rejected(poster, p.messageId(), "No valid newsgroups in \""
                            + p.article().header("Newsgroups") + "\"");
                });
    }

    /**
     * RFC 5537 §3.5.1: a post to a moderated group without Approved goes by mail to that
     * group's moderator (moderation.moderators), as nnrpd sends it, and is answered 240 once
     * the mail server has it; it is not stored here.
     */
    private CompletableFuture<Verdict> toModerator(Poster poster, Injection.Prepared p, String group) {
        String to = desk.moderatorOf(group);
        if (to == null) {
            return done(rejected(poster, p.messageId(), "No moderator address for moderated group " + group));
        }
        return desk.submit(to, p.article().raw()).handle((ok, e) -> {
            if (e != null) {
                log.warn("mailing {} to the moderator of {} ({}) failed: {}", p.messageId(), group, to,
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                return rejected(poster, p.messageId(), "Can't send article to the moderator of " + group);
            }
            log.info("mailed {} posted by {} to the moderator of {} ({})", p.messageId(), poster.address(), group, to);
            return new Verdict(Verdict.Kind.MAILED, p.messageId(), null);
        });
    }

    /** [[access]] post: every group named in Newsgroups must be one the poster may post to. */
    private static void checkPostAccess(Poster poster, Injection.Prepared p) throws Injection.Refused {
        List<String> named = p.article().newsgroups();
        for (String g : named == null ? p.groups() : named) {
            if (!poster.mayPost().test(g)) {
                throw new Injection.Refused("Not allowed to post to " + g);
            }
        }
    }

    private static Verdict rejected(Poster poster, String id, String reason) {
        log.info("rejected {} posted by {}: {}", id == null ? "-" : Printable.of(id), poster.address(), Printable.of(reason));
        return Verdict.refused(id, reason);
    }

    // ---------------------------------------------------------------- transit (RFC 5537 §3.6-3.8)

    /**
     * An article relayed to us (IHAVE, TAKETHIS, import, pull): checked cheapest first, relayed
     * (our path identity prepended to Path) and stored, or refused with a reason that is
     * logged and remembered in history so the ID is not offered again (INN's remembertrash).
     * {@code commandId} is the ID the command named (null for an import); {@code data} is null
     * when the article was over the limit and not kept, {@code size} what was sent. With {@code batched}
     * the article goes with the writer's next commit, which the caller asks for once it has
     * handed over all it has ({@link Storage#commitQueued}).
     */
    public CompletableFuture<Verdict> relay(Source from, String commandId, byte[] data, long size, boolean batched) {
        if (data == null || size > config.maxArticleSize()) {
            return refuse(from, commandId, "Article of " + size + " bytes exceeds local limit of "
                    + config.maxArticleSize() + " bytes");
        }
        Article a;
        try {
            a = Article.parse(data);
            ArticleRules.checkBounds(a);
        } catch (ArticleFormatException e) {
            return refuse(from, commandId, e.getMessage());
        }
        String id = a.header("Message-ID");
        if (id == null) {
            // INN remembers nothing for an article without Message-ID: there is no ID to refuse
            return done(logged(from, Verdict.refused(commandId, "Missing Message-ID header field")));
        }
        if (!MessageIds.isValid(id)) {
            return refuse(from, MessageIds.isValid(commandId) ? commandId : null, "Can't parse Message-ID header field body: " + id);
        }
        if (commandId != null && !commandId.equals(id)) {
            // the reply and history are keyed by the command's ID: storing another would answer for the wrong article.
            // Neither ID is remembered: another peer may still send either for real
            return done(logged(from, Verdict.refused(commandId, "Message-ID header field " + id + " does not match "
                    + commandId + " of the command")));
        }
        // no history lookup here: CHECK/IHAVE did it, and the writer refuses a duplicate in its transaction
        String loop = loopIdentity(a.header("Path"), config.ownIdentities());
        if (loop != null) {
            return refuse(from, id, "Path already contains " + loop + " (loop)");
        }
        Instant date;
        try {
            if (ArticleRules.headersOnly(a) && a.count("Control") == 0) {
                throw new ArticleFormatException("No body"); // innd's text; an empty body after the blank line is taken, as innd does
            }
            ArticleRules.checkHeaders(a);
            date = ArticleRules.checkTransitDates(a, clock.instant(), config.cutoff());
        } catch (ArticleFormatException e) {
            return refuse(from, id, e.getMessage());
        }
        ControlMessage control = ControlMessage.of(a);
        if (control != null && control.obsolete()) {
            return refuse(from, id, "Obsolete control message type " + control.type()); // RFC 5537 §5.5
        }
        CancelOrder early = cancels.honouredOnArrival(a, id);
        if (early != null) {
            // RFC 5537 §5.3: its cancel came first; history says cancelled, so no peer offers it again
            Verdict v = logged(from, Verdict.refused(id, "Cancelled by " + early.cancelId()));
            return storage.cancel(early).thenApply(o -> {
                CancelDesk.logOutcome(id, early.cancelId(), o);
                return v;
            });
        }
        List<String> groups = new ArrayList<>();
        boolean notAccepted = false;
        if (control != null) {
            // filed in its pseudo-group whatever this node carries; fed by Newsgroups like any article
            if (a.newsgroups().stream().noneMatch(g -> acceptsFrom(from.peers(), g))) {
                return done(logged(from, Verdict.refused(id, "Newsgroups not accepted from " + from.label()
                        + " (its accept-groups)")));
            }
            return store(from, a, id, date, List.of(control.group()), batched, control);
        }
        for (String name : a.newsgroups()) {
            Group g = storage.group(name);
            if (g != null && !acceptsFrom(from.peers(), name)) {
                notAccepted = true; // INN incoming.conf patterns: this peer may not feed that group
            } else if (g != null) {
                if (g.status() == Group.MODERATED && a.count("Approved") == 0) {
                    return refuse(from, id, "Unapproved for \"" + name + "\"");
                }
                groups.add(name);
            }
        }
        if (groups.isEmpty() && notAccepted) {
            // not remembered: a peer that may feed these groups can still send it
            return done(logged(from, Verdict.refused(id, "Newsgroups not accepted from " + from.label() + " (its accept-groups)")));
        }
        if (groups.isEmpty() && a.newsgroups().stream().anyMatch(desk::mayCreate)) {
            // its newgroup may be behind it in another peer's queue: held in junk, filed when the group comes
            if (storage.group(Storage.JUNK) == null) {
                storage.ensureGroup(Storage.JUNK, "Articles for groups not carried yet, held for their newgroup", Group.NO_POSTING,
                        config.pathIdentity());
            }
            log.info("holding {} from {} in {}: no group of \"{}\" is carried yet, and a newgroup could create one", id,
                    from.label(), Storage.JUNK, Printable.of(a.header("Newsgroups")));
            List<String> held = new ArrayList<>(a.newsgroups());
            held.add(Storage.JUNK); // the writer files it in its groups instead if one exists by then
            return store(from, a, id, date, held, batched, null);
        }
        if (groups.isEmpty()) {
            return refuse(from, id, "Unwanted newsgroup \"" + a.header("Newsgroups") + "\"");
        }
        return store(from, a, id, date, groups, batched, null);
    }

    /** Relays and stores an article that passed the checks, in {@code groups} (a control message: its pseudo-group). */
    private CompletableFuture<Verdict> store(Source from, Article a, String id, Instant date, List<String> groups, boolean batched,
                                             ControlMessage control) {
        Set<String> sentBy = sender(from, a.header("Path"));
        for (var p : from.peers()) {
            if (!sentBy.contains(p.name()) && !from.peerByLogin()) {
                // its address offered the ID (CHECK/IHAVE), but the article does not come from it: it may not have it
                storage.history().offerUnproven(id, p.name());
            }
        }
        Arrival arrival = new Arrival(a, id, groups, date.getEpochSecond(), config.pathIdentity(), sentBy,
                relayPath(a.header("Path"), config.pathIdentity()))
                .cancelling(cancels.orders(a, id, CancelDesk.targets(a, control)));
        if (control != null) {
            ensureControlGroup(control); // queued before the article: the writer creates it first
        }
        var stored = batched ? storage.storeInBatch(arrival) : storage.store(arrival);
        return stored.thenApply(r -> {
            if (r.outcome() == StoreResult.Outcome.ACCEPTED) {
                log.info("accepted {} from {} into {} ({} bytes)", id, from.label(), r.numbers(), a.size());
                cancels.afterStore(a, r);
                if (control != null) {
                    desk.act(control, a, id);
                }
                return new Verdict(Verdict.Kind.ACCEPTED, id, null);
            }
            return logged(from, r.outcome() == StoreResult.Outcome.DUPLICATE
                    ? new Verdict(Verdict.Kind.DUPLICATE, id, "Duplicate") : Verdict.refused(id, "No carried group left"));
        });
    }

    /** A control message's pseudo-group, created on demand as INN's active file has it (status n: no direct posts). */
    private void ensureControlGroup(ControlMessage control) {
        if (storage.group(control.group()) == null) {
            storage.ensureGroup(control.group(), "Control messages (" + control.group() + ")", Group.NO_POSTING,
                    config.pathIdentity());
        }
    }

    /**
     * The peer that sent the article, which is not offered it back (seen-by): the one its
     * AUTHINFO login names, else the peer at this address whose path identity starts Path (a
     * relaying peer puts itself first, RFC 5537 §3.6). An address alone proves nothing: a local
     * injector (rpost, a script's IHAVE) may share a peer's address (a tunnel on 127.0.0.1), and
     * that peer must still get the article; a Path naming it anywhere keeps it from it anyway.
     */
    static Set<String> sender(Source from, String path) {
        var candidates = from.peers();
        if (candidates.size() == 1 && from.peerByLogin()) {
            return Set.of(candidates.get(0).name());
        }
        String first = path == null ? "" : path.split("!", 2)[0].strip();
        Set<String> named = new java.util.HashSet<>();
        for (var p : candidates) {
            if (p.identities().stream().anyMatch(first::equalsIgnoreCase)) {
                named.add(p.name());
            }
        }
        return named;
    }

    /**
     * True when every peer the source may be lets it feed {@code group} (accept-groups): when
     * several share an address, the strictest applies. Not a peer (an import, a feed right): true.
     */
    static boolean acceptsFrom(List<PeerConfig> candidates, String group) {
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

    /** Refused and remembered (a valid ID only), so the article is not taken later from another peer. */
    private CompletableFuture<Verdict> refuse(Source from, String id, String reason) {
        Verdict v = logged(from, Verdict.refused(id, reason));
        if (id == null || !MessageIds.isValid(id)) {
            return done(v);
        }
        return storage.history().remember(id, HistoryState.REJECTED).thenApply(x -> v);
    }

    private static Verdict logged(Source from, Verdict v) {
        if (v.kind() == Verdict.Kind.DUPLICATE) {
            log.debug("duplicate {} from {}", Printable.of(v.messageId()), from.label());
        } else {
            log.info("refused {} from {}: {}", v.messageId() == null ? "-" : Printable.of(v.messageId()), from.label(),
                    Printable.of(v.reason()));
        }
        return v;
    }

    private static CompletableFuture<Verdict> done(Verdict v) {
        return CompletableFuture.completedFuture(v);
    }
}
