package org.newsnode.storage.article;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * RFC 5536 checks on a parsed article, cheapest first. Each failure throws with a text an
 * operator or poster can act on (INN's wording where INN has one).
 */
public final class ArticleRules {
    /** RFC 5536 §3.1: the mandatory header fields. */
    public static final List<String> MANDATORY =
            List.of("From", "Date", "Message-ID", "Newsgroups", "Path", "Subject");
    /** RFC 5322 §3.6 and RFC 5536 §3.2: fields that may appear at most once. */
    private static final List<String> SINGLETONS = List.of(
            "From", "Date", "Message-ID", "Newsgroups", "Path", "Subject", "Sender", "Reply-To",
            "References", "Followup-To", "Expires", "Control", "Distribution", "Organization",
            "Supersedes", "Approved", "Injection-Date", "Injection-Info", "Xref", "Summary",
            "Keywords", "User-Agent", "Lines", "Archive");
    /** A singleton's place in {@link #SINGLETONS}, found without lower-casing each field name. */
    private static final java.util.Map<String, Integer> SINGLETON_INDEX = singletonIndex();

    /**
     * Octets one header field may take, folding included, on arrival: bounds what any later
     * step (overview, 441 texts, wildmats) works on. Far above real headers (long References
     * stay under a few KiB, RFC 5537 §3.4.4 trims them to 998).
     */
    public static final int MAX_FIELD_OCTETS = 16 * 1024;
    /** Octets of a Distribution field body (history keeps it for NEWNEWS). */
    public static final int MAX_DISTRIBUTION = 1000;
    /** Names one Newsgroups field may hold; crossposts to more are refused (INN's filters draw such a line too). */
    public static final int MAX_NEWSGROUPS = 100;

    private ArticleRules() {
    }

    /**
     * The cheap bounds every arrival passes first, before any other check reads the header:
     * no field over {@link #MAX_FIELD_OCTETS}, no more than {@link #MAX_NEWSGROUPS} groups.
     */
    public static void checkBounds(Article a) throws ArticleFormatException {
        for (HeaderField f : a.fields()) {
            if (f.end() - f.start() > MAX_FIELD_OCTETS) {
                throw new ArticleFormatException("Header field " + Article.printable(f.name()) + " too long ("
                        + (f.end() - f.start()) + " octets; the limit is " + MAX_FIELD_OCTETS + ")");
            }
        }
        String distribution = a.header("Distribution");
        if (distribution != null && distribution.length() > MAX_DISTRIBUTION) {
            throw new ArticleFormatException("Distribution header field too long (" + distribution.length()
                    + " octets; the limit is " + MAX_DISTRIBUTION + ")");
        }
        String groups = a.header("Newsgroups");
        if (groups != null && commas(groups) >= MAX_NEWSGROUPS) {
            List<String> names = a.newsgroups();
            if (names != null && names.size() > MAX_NEWSGROUPS) {
                throw new ArticleFormatException("Too many newsgroups (" + names.size() + "; the limit is " + MAX_NEWSGROUPS + ")");
            }
        }
    }


    /** Structure: every mandatory field present once with content, no duplicate singleton. */
    public static void checkHeaders(Article a) throws ArticleFormatException {
        int[] counts = singletonCounts(a);
        for (String name : MANDATORY) {
            if (counts[SINGLETON_INDEX.get(name)] == 0) {
                throw new ArticleFormatException("Missing required " + name + " header field");
            }
        }
        checkDuplicates(counts);
        byte[] raw = a.raw();
        for (HeaderField f : a.fields()) {
            if (f.value().isEmpty()) {
                // RFC 5536 §2.2: header fields must not be empty
                throw new ArticleFormatException("Empty " + f.name() + " header field");
            }
            byte afterColon = raw[f.start() + f.name().length() + 1];
            if (afterColon != ' ' && afterColon != '\t') {
                // RFC 5536 §2.2: the colon is followed by a space
                throw new ArticleFormatException("No colon-space in \"" + f.name() + "\" header field");
            }
        }
        String id = a.header("Message-ID");
        if (!MessageIds.isValid(id)) {
            throw new ArticleFormatException("Can't parse Message-ID header field body: " + Article.printable(id));
        }
        if (a.newsgroups() == null) {
            throw new ArticleFormatException("Invalid Newsgroups header field: "
                    + Article.printable(a.header("Newsgroups")));
        }
        if (!fromLooksLikeAddress(a.header("From"))) {
            throw new ArticleFormatException("Address in From header field not in Internet syntax");
        }
        if (a.bodyHasNul()) {
            throw new ArticleFormatException("Nul character in body");
        }
    }

    /** RFC 5322 §3.6: no field that may appear once appears twice ("Duplicate X header field", INN's text). */
    public static void checkDuplicates(Article a) throws ArticleFormatException {
        checkDuplicates(singletonCounts(a));
    }

    private static void checkDuplicates(int[] counts) throws ArticleFormatException {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 1) {
                throw new ArticleFormatException("Duplicate " + SINGLETONS.get(i) + " header field");
            }
        }
    }

    /** How often each singleton field appears, in {@link #SINGLETONS}' order. */
    private static int[] singletonCounts(Article a) {
        int[] counts = new int[SINGLETONS.size()];
        for (HeaderField f : a.fields()) {
            Integer i = SINGLETON_INDEX.get(f.name());
            if (i != null) {
                counts[i]++;
            }
        }
        return counts;
    }

    private static java.util.Map<String, Integer> singletonIndex() {
        java.util.Map<String, Integer> index = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < SINGLETONS.size(); i++) {
            index.put(SINGLETONS.get(i), i);
        }
        return index;
    }

    private static int commas(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ',') {
                n++;
            }
        }
        return n;
    }

    /** True when nothing follows the header but the empty line, or not even that. */
    public static boolean hasNoBody(Article a) {
        return a.bodyStart() >= a.size();
    }

    /** True when the article is header fields alone, not even the empty line after them (INN refuses it everywhere). */
    public static boolean headersOnly(Article a) {
        return a.headerEnd() >= a.size();
    }

    /**
     * innd's date rules for an article in transit: Date must parse; the age and the future
     * are judged by Injection-Date when there is one (RFC 5537 §3.6), else by Date, with
     * innd's texts. Returns the Date.
     */
    public static Instant checkTransitDates(Article a, Instant now, Duration cutoff) throws ArticleFormatException {
        String dateText = a.header("Date");
        Instant date = NetnewsDates.parse(dateText);
        if (date == null) {
            throw new ArticleFormatException("Bad \"Date\" header field -- \"" + Article.printable(dateText) + "\"");
        }
        String injText = a.header("Injection-Date");
        Instant judged = date;
        String shown = dateText;
        if (injText != null) {
            judged = NetnewsDates.parse(injText);
            shown = injText;
            if (judged == null) {
                throw new ArticleFormatException("Bad \"Injection-Date\" header field -- \"" + Article.printable(injText) + "\"");
            }
        }
        if (judged.isBefore(now.minus(cutoff))) {
            throw new ArticleFormatException("Too old -- \"" + Article.printable(shown) + "\"");
        }
        if (judged.isAfter(now.plus(FUTURE_SLACK))) {
            throw new ArticleFormatException("Article injected or posted in the future -- \"" + Article.printable(shown) + "\"");
        }
        return date;
    }

    /** How far ahead a Date may be (clock skew) before the article is refused (INN: a day). */
    public static final Duration FUTURE_SLACK = Duration.ofDays(1);

    /** RFC 5536 §3.1.2 and RFC 5537 §3.5: refuse dates older than the cutoff or more than a day ahead. */
    public static void checkDate(Instant date, Instant now, Duration cutoff) throws ArticleFormatException {
        checkDate(date, now, cutoff, FUTURE_SLACK);
    }

    /** RFC 5536 §3.1.2 and RFC 5537 §3.5: refuse dates too far in the past or future. */
    public static void checkDate(Instant date, Instant now, Duration cutoff, Duration future)
            throws ArticleFormatException {
        if (date.isBefore(now.minus(cutoff))) {
            // nnrpd's text: it judges an article's age by Injection-Date, and Date only "for legacy reasons"
            throw new ArticleFormatException("Article posted too far in the past (check still done for legacy reasons on the "
                    + "Date header field)");
        }
        if (date.isAfter(now.plus(future))) {
            throw new ArticleFormatException("Article posted in the future");
        }
    }

    /** RFC 5322 §3.4 mailbox-list, checked loosely: every mailbox has a local part and a domain. */
    public static boolean fromLooksLikeAddress(String from) {
        if (from == null) {
            return false;
        }
        int lt = from.indexOf('<');
        String addr = from;
        if (lt >= 0) {
            int gt = from.indexOf('>', lt);
            if (gt < 0) {
                return false;
            }
            addr = from.substring(lt + 1, gt);
        } else {
            int paren = from.indexOf('(');
            if (paren >= 0) {
                addr = from.substring(0, paren);
            }
        }
        addr = addr.strip();
        int at = addr.lastIndexOf('@');
        return at > 0 && at < addr.length() - 1 && addr.indexOf(' ') < 0;
    }
}
