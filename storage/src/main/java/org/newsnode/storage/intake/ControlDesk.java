package org.newsnode.storage.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.NetnewsDates;
import org.newsnode.storage.article.NewsgroupNames;
import org.newsnode.storage.config.ControlConfig;
import org.newsnode.storage.config.ControlRule;
import org.newsnode.storage.config.MailConfig;
import org.newsnode.storage.config.ModerationConfig;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.storage.mail.Mailer;
import org.newsnode.storage.mail.SmtpMailer;
import org.newsnode.storage.store.Group;
import org.newsnode.storage.store.Storage;
import org.newsnode.storage.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does about the control messages it files (RFC 5537 §5, as INN's
 * controlchan): newgroup, rmgroup and checkgroups are decided by the control.ctl rules
 * (last match wins, none: drop), a verify-SIGNER rule checking the X-PGP-Sig; the action
 * runs on a thread of its own, in arrival order, after the message is stored. It also holds
 * the node's mail (submissions to moderators, the operator's mail). One per node; a reload
 * gives it the new rules.
 */
public final class ControlDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("newsnode.control");

    private final Storage storage;
    private final ExecutorService thread;
    private volatile ControlConfig control;
    private volatile ModerationConfig moderation;
    private volatile String pathIdentity;
    private volatile Mailer mailer;

    public ControlDesk(Storage storage, NodeConfig config) {
        this.storage = storage;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "control");
            t.setDaemon(true);
            return t;
        });
        reconfigure(config);
    }

    /** Takes a reloaded configuration's rules, keyring, moderators and mail server. */
    public synchronized void reconfigure(NodeConfig config) {
        this.control = config.control();
        this.pathIdentity = config.pathIdentity();
        MailConfig fresh = config.moderation().mail();
        if (moderation == null || !Objects.equals(moderation.mail(), fresh)) {
            if (mailer instanceof SmtpMailer old) {
                old.close();
            }
            mailer = fresh.configured() ? new SmtpMailer(fresh) : Mailer.NONE;
        }
        this.moderation = config.moderation();
    }

    ControlConfig.CancelPolicy cancelPolicy() {
        return control.cancelWithoutLock();
    }

    // ---------------------------------------------------------------- moderation (RFC 5537 §3.5.1)

    /** The moderators lines as configured now (LIST MODERATORS). */
    public java.util.List<String> moderators() {
        return moderation.moderators();
    }

    /** The submission address for a moderated group (moderation.moderators), or null. */
    String moderatorOf(String group) {
        return moderation.moderatorOf(group);
    }

    /** Mails a posted article to its moderator as nnrpd does: as it is, a To field first. */
    CompletableFuture<Void> submit(String moderator, byte[] article) {
        byte[] to = ("To: " + moderator + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] mail = new byte[to.length + article.length];
        System.arraycopy(to, 0, mail, 0, to.length);
        System.arraycopy(article, 0, mail, to.length, article.length);
        return mailer.send(moderator, mail);
    }

    // ---------------------------------------------------------------- control messages

    /** Completes once every control action queued before it is done (a CLI waits for its own message's). */
    public CompletableFuture<Void> settled() {
        return CompletableFuture.runAsync(() -> { }, thread);
    }

    /** Acts on a stored control message, later, on the control thread; the future says what was done. */
    public CompletableFuture<String> act(ControlMessage c, Article a, String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String done = actNow(c, a, id);
                log.info("control {} {} by {}: {}", c.type(), Printable.of(c.arguments()), Printable.of(sender(a)), done);
                return done;
            } catch (RuntimeException e) {
                log.warn("control {} {} by {} failed: {}", c.type(), Printable.of(c.arguments()), Printable.of(sender(a)),
                        e.getMessage());
                return "failed: " + e.getMessage();
            }
        }, thread);
    }

    private String actNow(ControlMessage c, Article a, String id) {
        return switch (c.type()) {
            case "newgroup" -> newgroup(c, a, id);
            case "rmgroup" -> rmgroup(c, a, id);
            case "checkgroups" -> checkgroups(a, id);
            case "cancel" -> "handled by Cancel-Lock"; // CancelDesk, in the store's transaction
            default -> "filed in control, no action (" + c.type() + " is not acted on here)";
        };
    }

    /** RFC 5537 §5.2.1/§5.2.2: newgroup and rmgroup carry Approved; INN's controlchan does nothing without it either. */
    private static final String UNAPPROVED = "not done (no Approved header field): ";

    private String newgroup(ControlMessage c, Article a, String id) {
        String[] args = c.arguments().split("[ \t]+");
        String name = args[0];
        if (!NewsgroupNames.isValid(name)) {
            return "dropped: \"" + Printable.of(name) + "\" is not a newsgroup name";
        }
        boolean moderated = args.length > 1 && args[1].toLowerCase(Locale.ROOT).startsWith("moderated");
        char status = moderated ? Group.MODERATED : Group.POSTING;
        String description = descriptionIn(a, name);
        Decision d = decide("newgroup", a, name);
        Group g = storage.group(name);
        String change = g == null ? "create " + name + (moderated ? " (moderated)" : "")
                : (g.status() == status && (description == null || description.equals(g.description())))
                ? "" : "change " + name + " to " + (moderated ? "moderated" : "unmoderated");
        if (change.isEmpty()) {
            return "no change: " + name + " exists as asked";
        }
        if (a.header("Approved") == null) {
            return UNAPPROVED + change;
        }
        if (!d.doit()) {
            return d.otherwise(change, a, id);
        }
        if (g == null) {
            storage.createGroup(name, description == null ? "" : description, status, sender(a)).join();
            return "created " + name + (moderated ? " (moderated)" : "") + d.why();
        }
        storage.changeGroup(name, description, status).join();
        return "changed " + name + " to " + (moderated ? "moderated" : "unmoderated") + d.why();
    }

    private String rmgroup(ControlMessage c, Article a, String id) {
        String name = c.arguments().split("[ \t]+")[0];
        if (storage.group(name) == null) {
            return "no change: " + Printable.of(name) + " is not here";
        }
        Decision d = decide("rmgroup", a, name);
        if (a.header("Approved") == null) {
            return UNAPPROVED + "remove " + name;
        }
        if (!d.doit()) {
            return d.otherwise("remove " + name, a, id);
        }
        storage.removeGroup(name).join();
        return "removed " + name + d.why();
    }

    /** RFC 5537 §5.2.3: the body lists a hierarchy's groups; what differs here is reported, or applied with doit. */
    private String checkgroups(Article a, String id) {
        List<String[]> listed = new ArrayList<>();
        for (String line : body(a).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("[ \t]+", 2);
            if (NewsgroupNames.isValid(f[0])) {
                listed.add(new String[] {f[0], f.length > 1 ? f[1].strip() : ""});
            }
        }
        if (listed.isEmpty()) {
            return "dropped: no groups listed";
        }
        java.util.Set<String> hierarchies = new java.util.TreeSet<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String[] g : listed) {
            hierarchies.add(g[0].split("\\.", 2)[0]);
            names.add(g[0]);
        }
        List<String> changes = new ArrayList<>();
        List<Runnable> apply = new ArrayList<>();
        for (String[] g : listed) {
            boolean moderated = g[1].endsWith("(Moderated)");
            Group here = storage.group(g[0]);
            char status = moderated ? Group.MODERATED : Group.POSTING;
            if (here == null) {
                changes.add("create " + g[0] + (moderated ? " (moderated)" : ""));
                apply.add(() -> storage.createGroup(g[0], g[1], status, sender(a)).join());
            } else if ((here.status() == Group.MODERATED) != moderated || !here.description().equals(g[1])) {
                changes.add("change " + g[0]);
                apply.add(() -> storage.changeGroup(g[0], g[1], here.status() == Group.NO_POSTING && !moderated ? 0 : status)
                        .join());
            }
        }
        for (Group here : storage.groups()) {
            if (hierarchies.contains(here.name().split("\\.", 2)[0]) && !names.contains(here.name())) {
                changes.add("remove " + here.name());
                apply.add(() -> storage.removeGroup(here.name()).join());
            }
        }
        if (changes.isEmpty()) {
            return "no change: " + String.join(", ", hierarchies) + " as listed";
        }
        Decision d = decide("checkgroups", a, listed.get(0)[0]);
        if (!d.doit()) {
            return d.otherwise(String.join(", ", changes), a, id);
        }
        apply.forEach(Runnable::run);
        return String.join(", ", changes).replace("create ", "created ").replace("change ", "changed ")
                .replace("remove ", "removed ") + d.why();
    }

    // ---------------------------------------------------------------- the rules

    /**
     * True when a newgroup for {@code group} could be carried out here (a doit or verify-
     * rule for newgroup names it): an article for it that comes first is held, not refused.
     */
    boolean mayCreate(String group) {
        for (ControlRule r : control.rules()) {
            if ((r.action() == ControlRule.Action.DOIT || r.action() == ControlRule.Action.VERIFY)
                    && r.types().stream().anyMatch(t -> org.newsnode.storage.text.Wildmat.matchPattern(t, "newgroup"))
                    && r.groups().stream().anyMatch(p -> org.newsnode.storage.text.Wildmat.matchPattern(p, group))) {
                return true;
            }
        }
        return false;
    }

    /** What a rule said, and for verify-SIGNER whether the signature holds. */
    private record Decision(ControlRule rule, ControlRule.Action action, String detail, ControlDesk desk) {
        boolean doit() {
            return action == ControlRule.Action.DOIT;
        }

        String why() {
            return rule == null ? "" : " (rule \"" + rule.line() + "\"" + (detail == null ? "" : ", " + detail) + ")";
        }

        /** What happens instead of the change: logged, mailed or dropped. */
        String otherwise(String change, Article a, String id) {
            String what = "would " + change + why();
            switch (action) {
                case MAIL -> {
                    desk.mailOperator(id, what, a);
                    return "mailed to the operator: " + what;
                }
                case DROP -> {
                    return "dropped: " + what;
                }
                default -> {
                    return "logged, nothing done: " + what;
                }
            }
        }
    }

    private Decision decide(String type, Article a, String group) {
        ControlRule rule = control.decide(type, sender(a), group);
        if (rule == null) {
            return new Decision(null, ControlRule.Action.DROP, "no rule matches", this);
        }
        if (rule.action() != ControlRule.Action.VERIFY) {
            return new Decision(rule, rule.action(), null, this);
        }
        ControlSignature.Result r = ControlSignature.verify(a, control.keyring() == null ? null : Path.of(control.keyring()));
        if (r.signedBy(rule.signer())) {
            return new Decision(rule, ControlRule.Action.DOIT, "signature by " + rule.signer() + " good", this);
        }
        // INN: a verify that fails is a drop, logged with why
        return new Decision(rule, ControlRule.Action.DROP, r.valid() ? "signed, but by " + r.userIds() + ", not "
                + rule.signer() : "signature not verified: " + r.reason(), this);
    }

    /** INN's `mail` action: the operator gets what would have been done and the message. */
    private void mailOperator(String id, String what, Article a) {
        MailConfig m = moderation.mail();
        String text = "From: " + m.from() + "\r\nTo: " + m.operator() + "\r\nSubject: control message " + id
                + " needs your decision\r\nDate: " + NetnewsDates.format(storage.clock().instant())
                + "\r\nMessage-ID: <control." + System.nanoTime() + "@" + pathIdentity + ">\r\n\r\n" + what
                + "\r\n\r\nThe message as it arrived:\r\n\r\n";
        byte[] head = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] mail = new byte[head.length + a.raw().length];
        System.arraycopy(head, 0, mail, 0, head.length);
        System.arraycopy(a.raw(), 0, mail, head.length, a.raw().length);
        mailer.send(m.operator(), mail).exceptionally(e -> {
            log.warn("control {}: mail to the operator failed: {}", id, e.getMessage());
            return null;
        });
    }

    /** The sender's address (Sender, else From), as control.ctl's second field matches it. */
    static String sender(Article a) {
        String v = a.header("Sender") != null ? a.header("Sender") : a.header("From");
        if (v == null) {
            return "";
        }
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            return v.substring(lt + 1, gt).strip().toLowerCase(Locale.ROOT);
        }
        for (String w : v.split("[ \t()]+")) {
            if (w.contains("@")) {
                return w.toLowerCase(Locale.ROOT);
            }
        }
        return v.strip().toLowerCase(Locale.ROOT);
    }

    /** RFC 5537 §5.2.1.2: "For your newsgroups file:" then the group's newsgroups line. */
    static String descriptionIn(Article a, String name) {
        String[] lines = body(a).split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].strip().equalsIgnoreCase("For your newsgroups file:")) {
                for (int j = i + 1; j < lines.length; j++) {
                    String l = lines[j].strip();
                    if (l.isEmpty()) {
                        continue;
                    }
                    String[] f = l.split("[ \t]+", 2);
                    return f[0].equals(name) && f.length > 1 ? f[1].strip() : null;
                }
            }
        }
        return null;
    }

    private static String body(Article a) {
        return new String(a.raw(), a.bodyStart(), a.raw().length - a.bodyStart(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Override
    public void close() {
        thread.shutdown();
        if (mailer instanceof SmtpMailer m) {
            m.close();
        }
    }
}
