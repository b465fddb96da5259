package org.newsnode.storage.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.ArticleFormatException;
import org.newsnode.storage.article.CancelLock;
import org.newsnode.storage.article.MessageIds;
import org.newsnode.storage.config.ControlConfig;
import org.newsnode.storage.store.CancelOrder;
import org.newsnode.storage.store.StoreResult;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.store.StoredArticle;
import org.newsnode.storage.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may cancel or supersede what (RFC 5537 §5.3, RFC 8315 §3.5): a Cancel-Key of the
 * cancel must open a Cancel-Lock of its target; a target without Cancel-Lock follows
 * {@code control.cancel-without-lock}. A target not here yet is checked when it comes.
 * One log line per decision.
 */
final class CancelDesk {
    private static final Logger log = LoggerFactory.getLogger("newsnode.control");

    private final Storage storage;
    private final ControlConfig.CancelPolicy withoutLock;

    CancelDesk(Storage storage, ControlConfig.CancelPolicy withoutLock) {
        this.storage = storage;
        this.withoutLock = withoutLock;
    }

    /** The Message-IDs an article cancels: a cancel control message's argument, a Supersedes (RFC 5536 §3.2.12). */
    static List<String> targets(Article a, ControlMessage control) {
        List<String> out = new ArrayList<>();
        if (control != null && control.type().equals("cancel")) {
            String t = control.arguments().strip();
            if (MessageIds.isValid(t)) {
                out.add(t);
            }
        }
        String sup = a.header("Supersedes");
        if (sup != null) {
            for (String t : sup.strip().split("[ \t]+")) {
                if (MessageIds.isValid(t) && !out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * The store's orders for what the arriving article {@code id} cancels: a target here is
     * checked now (and left alone when the check fails); one not here waits for it.
     */
    List<CancelOrder> orders(Article a, String id, List<String> targets) {
        if (targets.isEmpty()) {
            return List.of(); // nearly every article: no Cancel-Key or injecting site to read
        }
        List<CancelOrder> orders = new ArrayList<>();
        List<String> keys = CancelLock.elements(a.header("Cancel-Key"));
        String site = injectingSite(a);
        for (String target : targets) {
            if (target.equals(id)) {
                continue;
            }
            Article t = stored(target);
            if (t == null) {
                orders.add(new CancelOrder(target, id, false, keys, site)); // the store says whether it waits or was gone
                continue;
            }
            String refusal = refusal(keys, site, t);
            if (refusal != null) {
                log.info("cancel of {} by {} not honoured: {}", target, id, refusal);
            } else {
                orders.add(new CancelOrder(target, id, true, keys, site));
            }
        }
        return orders;
    }

    /**
     * A cancel that waited for {@code id} and is honoured against it: the order that removes
     * it (or, not stored yet, remembers it cancelled), else null.
     */
    CancelOrder honouredOnArrival(Article a, String id) {
        CancelOrder waiting = storage.waitingCancel(id);
        if (waiting == null) {
            return null;
        }
        String refusal = refusal(waiting.keys(), waiting.site(), a);
        if (refusal != null) {
            log.info("cancel of {} by {}, which came first, not honoured: {}", id, waiting.cancelId(), refusal);
            return null;
        }
        return new CancelOrder(id, waiting.cancelId(), true, waiting.keys(), waiting.site());
    }

    /** After a commit: targets that turned up meanwhile are checked now; a cancel waiting for this article is applied. */
    void afterStore(Article a, StoreResult r) {
        for (Map.Entry<String, CancelOrder.Outcome> e : r.cancels().entrySet()) {
            logOutcome(e.getKey(), r.messageId(), e.getValue());
            if (e.getValue() == CancelOrder.Outcome.PRESENT) {
                orders(a, r.messageId(), List.of(e.getKey())).forEach(o ->
                        storage.cancel(o).thenAccept(x -> logOutcome(o.target(), o.cancelId(), x)));
            }
        }
        if (r.cancelWaiting()) {
            CancelOrder o = honouredOnArrival(a, r.messageId());
            if (o != null) {
                storage.cancel(o).thenAccept(x -> logOutcome(o.target(), o.cancelId(), x));
            }
        }
    }

    static void logOutcome(String target, String by, CancelOrder.Outcome outcome) {
        switch (outcome) {
            case REMOVED -> log.info("cancelled {} by {}", target, by);
            case REMEMBERED -> log.info("cancelled {} by {} before it arrived", target, by);
            case PENDING -> log.info("cancel of {} by {} waits for its target", target, by);
            case GONE -> log.info("cancel of {} by {}: the target is gone already", target, by);
            case PRESENT -> { } // checked again at once
        }
    }

    /** Why {@code keys} and {@code site} may not cancel {@code target}, or null when they may. */
    private String refusal(List<String> keys, String site, Article target) {
        List<String> locks = new ArrayList<>();
        for (var f : target.fields()) {
            if (f.is("Cancel-Lock")) {
                locks.addAll(CancelLock.elements(f.value()));
            }
        }
        if (!locks.isEmpty()) {
            if (keys.isEmpty()) {
                return "the target has a Cancel-Lock and the cancel no Cancel-Key";
            }
            return CancelLock.opens(keys, locks) ? null : "no Cancel-Key opens the target's Cancel-Lock";
        }
        return switch (withoutLock) {
            case ANY -> null;
            case NEVER -> "the target has no Cancel-Lock (control.cancel-without-lock = never)";
            case INJECTOR -> {
                String targetSite = injectingSite(target);
                yield site != null && site.equalsIgnoreCase(targetSite) ? null
                        : "the target has no Cancel-Lock and was injected at " + Printable.of(String.valueOf(targetSite))
                        + ", the cancel at " + Printable.of(String.valueOf(site));
            }
        };
    }

    /**
     * The injecting site: Injection-Info's path identity (RFC 5537 §3.2.8), else the Path
     * element before its tail; null when that is empty, so no two unnamed sites ever match.
     */
    static String injectingSite(Article a) {
        String info = a.header("Injection-Info");
        if (info != null) {
            String body = info.strip();
            int end = 0;
            while (end < body.length() && body.charAt(end) != ';' && !Character.isWhitespace(body.charAt(end))) {
                end++;
            }
            if (end > 0) {
                return body.substring(0, end);
            }
        }
        String path = a.header("Path");
        if (path == null) {
            return null;
        }
        String p = path.strip();
        int last = p.lastIndexOf('!');
        if (last < 0) {
            return null;
        }
        String site = p.substring(p.lastIndexOf('!', last - 1) + 1, last).strip();
        return site.isEmpty() ? null : site;
    }

    private Article stored(String target) {
        StoredArticle s = storage.reader().byMessageId(target);
        if (s == null) {
            return null;
        }
        try {
            return Article.parse(s.wire());
        } catch (ArticleFormatException e) {
            return null; // stored, so parsed once already; unreadable now means nothing can be checked
        }
    }
}
