package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.newsnode.nntp.testing.NntpTestClient.article;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;
import org.newsnode.storage.store.Group;

/** Every reader command over a real socket against a real H2 file database: success and error codes. */
class ReaderCommandsTest {
    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient c;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir);
        node.createGroup("local.test");
        node.createGroup("local.other");
        node.createGroup("misc.test");
        c = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        node.close();
    }

    private String postOk(String groups, String subject) throws Exception {
        String r = c.post(article(groups, subject, "body of " + subject));
        assertTrue(r.startsWith("240 Article received <"), r);
        return r.substring(r.indexOf('<'));
    }

    @Test
    void greetingAndModeReader() throws Exception {
        assertTrue(c.greeting().startsWith("200 test.node newsnode "), c.greeting());
        assertTrue(c.greeting().endsWith("(posting ok)"));
        assertTrue(c.cmd("MODE READER").startsWith("200 "));
        assertEquals("502 Permission denied", c.cmd("mode stream"), "streaming is for peers");
        assertEquals("501 Unknown MODE variant", c.cmd("MODE FOO"));
        assertEquals("501 Syntax is: MODE READER|STREAM", c.cmd("MODE"));
    }

    @Test
    void capabilities() throws Exception {
        List<String> caps = c.multi("CAPABILITIES");
        assertEquals("101 Capability list:", caps.get(0));
        assertEquals("VERSION 2", caps.get(1));
        assertTrue(caps.contains("READER"));
        assertTrue(caps.contains("POST"));
        assertTrue(caps.contains("OVER MSGID"));
        assertTrue(caps.contains("HDR"));
        assertTrue(caps.contains("NEWNEWS"));
        assertTrue(caps.contains("LIST ACTIVE ACTIVE.TIMES COUNTS DISTRIB.PATS HEADERS MODERATORS MOTD NEWSGROUPS OVERVIEW.FMT SUBSCRIPTIONS"),
                caps.toString());
        // RFC 3977 §5.3.2: a server that is always in reader mode does not advertise MODE-READER
        assertFalse(caps.contains("MODE-READER"));
    }

    @Test
    void groupSelectsAndReportsCounts() throws Exception {
        assertEquals("211 0 1 0 local.test", c.cmd("GROUP local.test"));
        postOk("local.test", "one");
        postOk("local.test", "two");
        assertEquals("211 2 1 2 local.test", c.cmd("GROUP local.test"));
        assertEquals("411 No such group no.such", c.cmd("GROUP no.such"));
        assertEquals("501 Syntax is: GROUP newsgroup", c.cmd("GROUP"));
        assertEquals("501 Syntax is: GROUP newsgroup", c.cmd("GROUP a b"));
    }

    @Test
    void crosspostGetsOneNumberPerCarriedGroupAndXref() throws Exception {
        postOk("local.other", "first in other");
        String id = postOk("local.test,misc.test,local.other,not.carried", "crossposted");
        assertEquals("211 1 1 1 local.test", c.cmd("GROUP local.test"));
        List<String> head = c.multi("HEAD " + id);
        assertTrue(head.contains("Xref: test.node local.test:1 misc.test:1 local.other:2"), head.toString());
        assertTrue(head.contains("Newsgroups: local.test,misc.test,local.other,not.carried"), "Newsgroups kept verbatim");
        assertEquals("211 2 1 2 local.other", c.cmd("GROUP local.other"));
        assertTrue(c.cmd("STAT 2").startsWith("223 2 " + id));
        assertEquals("211 1 1 1 misc.test", c.cmd("GROUP misc.test"));
    }

    @Test
    void listgroupWithRange() throws Exception {
        for (int i = 1; i <= 5; i++) {
            postOk("local.test", "n" + i);
        }
        assertEquals(List.of("211 5 1 5 local.test", "1", "2", "3", "4", "5"), c.listgroup("LISTGROUP local.test"));
        assertEquals(List.of("211 5 1 5 local.test", "2", "3"), c.listgroup("LISTGROUP local.test 2-3"));
        assertEquals(List.of("211 5 1 5 local.test", "4", "5"), c.listgroup("LISTGROUP local.test 4-"));
        assertEquals(List.of("211 5 1 5 local.test"), c.listgroup("LISTGROUP local.test 9-"));
        assertEquals(List.of("211 5 1 5 local.test", "3"), c.listgroup("LISTGROUP local.test 3"));
        assertEquals(List.of("211 5 1 5 local.test", "1", "2", "3", "4", "5"), c.listgroup("LISTGROUP"));
        assertEquals("501 Syntax error in range", c.cmd("LISTGROUP local.test x-y"));
        assertEquals("411 No such group nope", c.cmd("LISTGROUP nope"));
        try (NntpTestClient fresh = node.client()) {
            assertEquals("412 Not in a newsgroup", fresh.cmd("LISTGROUP"));
        }
    }

    @Test
    void nextAndLastMoveTheCurrentArticle() throws Exception {
        assertEquals("412 Not in a newsgroup", c.cmd("NEXT"));
        assertEquals("412 Not in a newsgroup", c.cmd("LAST"));
        c.cmd("GROUP local.test");
        assertEquals("420 Current article number is invalid", c.cmd("NEXT"));
        String a = postOk("local.test", "a");
        String b = postOk("local.test", "b");
        c.cmd("GROUP local.test");
        assertEquals("422 No previous article to retrieve", c.cmd("LAST"));
        assertEquals("223 2 " + b + " Article retrieved; request text separately", c.cmd("NEXT"));
        assertEquals("421 No next article to retrieve", c.cmd("NEXT"));
        assertEquals("223 1 " + a + " Article retrieved; request text separately", c.cmd("LAST"));
        assertEquals("501 Syntax is: NEXT", c.cmd("NEXT 1"));
    }

    @Test
    void articleHeadBodyStatByNumberIdAndCurrent() throws Exception {
        String id = postOk("local.test", "retrieve me");
        assertEquals("412 Not in a newsgroup", c.cmd("ARTICLE"));
        assertEquals("412 Not in a newsgroup", c.cmd("HEAD 1"));
        c.cmd("GROUP local.test");
        List<String> art = c.multi("ARTICLE");
        assertEquals("220 1 " + id + " article", art.get(0));
        int blank = art.indexOf("");
        assertTrue(blank > 0);
        assertEquals("body of retrieve me", art.get(blank + 1));
        List<String> head = c.multi("HEAD 1");
        assertEquals("221 1 " + id + " head", head.get(0));
        assertFalse(head.contains(""), "HEAD has no empty separator line");
        assertTrue(head.contains("Subject: retrieve me"));
        assertEquals(List.of("222 1 " + id + " body", "body of retrieve me"), c.multi("BODY 1"));
        assertEquals("223 1 " + id + " status", c.cmd("STAT 1"));
        assertEquals("223 0 " + id + " status", c.cmd("STAT " + id));
        assertEquals(List.of("222 0 " + id + " body", "body of retrieve me"), c.multi("BODY " + id));
        assertEquals("423 No such article number 7", c.cmd("ARTICLE 7"));
        assertEquals("430 No such article", c.cmd("ARTICLE <nope@nowhere>"));
        assertEquals("430 No such article", c.cmd("HEAD <no-at-sign>"));
        assertEquals("501 Syntax error in Message-ID", c.cmd("ARTICLE abc"));
        assertEquals("501 Syntax error in article number", c.cmd("STAT 12345678901234567890"));
        assertEquals("501 Syntax is: ARTICLE [message-ID|number]", c.cmd("ARTICLE 1 2"));
    }

    @Test
    void currentArticleMovesOnlyWhenSelectedByNumber() throws Exception {
        postOk("local.test", "a");
        String b = postOk("local.test", "b");
        c.cmd("GROUP local.test");
        c.cmd("STAT " + b);
        assertTrue(c.cmd("STAT").startsWith("223 1 "), "by Message-ID leaves the current article alone");
        c.cmd("STAT 2");
        assertTrue(c.cmd("STAT").startsWith("223 2 "));
    }

    @Test
    void dateAndHelp() throws Exception {
        assertTrue(c.cmd("DATE").matches("111 2\\d{13}"));
        List<String> help = c.multi("HELP");
        assertEquals("100 Legal commands", help.get(0));
        assertTrue(help.contains("  GROUP newsgroup"));
        assertTrue(help.contains("  POST"));
    }

    @Test
    void newgroupsAndNewnews() throws Exception {
        String id = postOk("local.test", "new");
        String other = postOk("misc.test", "new elsewhere");
        List<String> ng = c.multi("NEWGROUPS 20000101 000000 GMT");
        assertEquals("231 New newsgroups follow", ng.get(0));
        assertTrue(ng.contains("local.test 1 1 y"), ng.toString());
        assertEquals(List.of("231 New newsgroups follow"), c.multi("NEWGROUPS 20991231 000000 GMT"));
        assertEquals(List.of("230 New news follows", id), c.multi("NEWNEWS local.* 20000101 000000 GMT"));
        List<String> all = c.multi("NEWNEWS * 000101 000000 GMT");
        assertEquals(List.of("230 New news follows", id, other), all);
        assertEquals(List.of("230 New news follows", id), c.multi("NEWNEWS *,!misc.* 20000101 000000"));
        assertEquals(List.of("230 New news follows"), c.multi("NEWNEWS * 20991231 000000 GMT"));
        assertEquals("501 Syntax is: NEWGROUPS [yy]yymmdd hhmmss [GMT]", c.cmd("NEWGROUPS 2000 000000"));
        assertTrue(c.cmd("NEWNEWS * 20001301 000000").startsWith("501 "), "month 13");
    }

    @Test
    void newnewsByDistribution() throws Exception {
        String local = c.post("From: a@b.example\r\nNewsgroups: local.test\r\nSubject: d\r\nDistribution: local\r\n\r\nx\r\n");
        assertTrue(local.startsWith("240"));
        postOk("local.test", "world");
        List<String> r = c.multi("NEWNEWS * 20000101 000000 GMT <local>");
        assertEquals(2, r.size(), r.toString());
        assertEquals(local.substring(local.indexOf('<')), r.get(1));
    }

    @Test
    void listVariants() throws Exception {
        postOk("local.test", "x");
        assertEquals(List.of("215 Newsgroups in form \"group high low status\"", "local.other 0 1 y", "local.test 1 1 y",
                "misc.test 0 1 y"), c.multi("LIST"));
        assertEquals(List.of("215 Newsgroups in form \"group high low status\"", "local.test 1 1 y"),
                c.multi("LIST ACTIVE local.t*"));
        assertEquals(List.of("215 Newsgroups in form \"group high low count status\"", "local.test 1 1 1 y"),
                c.multi("LIST COUNTS *.test,!misc.*"));
        List<String> times = c.multi("LIST ACTIVE.TIMES misc.*");
        assertTrue(times.get(1).matches("misc\\.test \\d+ test"), times.toString());
        assertEquals(List.of("215 Newsgroup descriptions in form \"group description\"", "misc.test\tGroup misc.test"),
                c.multi("LIST NEWSGROUPS misc.*"));
        assertEquals(List.of("215 Order of fields in overview database", "Subject:", "From:", "Date:", "Message-ID:",
                "References:", "Bytes:", "Lines:", "Xref:full"), c.multi("LIST OVERVIEW.FMT"),
                "INN's form of the metadata items, the only one slrn takes (RFC 3977 §8.4 allows it)");
        assertEquals(List.of("215 Headers and metadata items supported", ":", ":bytes", ":lines"), c.multi("LIST HEADERS"));
        assertEquals("215 Headers and metadata items supported", c.multi("LIST HEADERS MSGID").get(0));
        assertEquals("501 Syntax is: LIST HEADERS [MSGID|RANGE]", c.cmd("LIST HEADERS FOO"));
        assertEquals(List.of("215 Default distributions in form \"weight:group-pattern:distribution\""),
                c.multi("LIST DISTRIB.PATS"));
        assertEquals("503 No message of the day available", c.cmd("LIST MOTD"));
        assertEquals("501 Unknown LIST keyword", c.cmd("LIST FOO"));
        assertEquals("501 LIST OVERVIEW.FMT takes no argument", c.cmd("LIST OVERVIEW.FMT x"));
        assertEquals("501 Syntax error in wildmat", c.cmd("LIST ACTIVE a,,b"));
    }

    @Test
    void overFieldsMatchOverviewFmt() throws Exception {
        String first = postOk("local.test", "parent");
        String reply = c.post("From: Replier <r@example.org>\r\nNewsgroups: local.test,misc.test\r\nSubject: Re: parent\r\n"
                + "References: " + first + "\r\n\r\nline one\r\nline\ttwo\r\n");
        String id = reply.substring(reply.indexOf('<'));
        List<String> fmt = c.multi("LIST OVERVIEW.FMT").subList(1, 9);
        c.cmd("GROUP local.test");
        List<String> over = c.multi("OVER 1-2");
        assertEquals("224 Overview information follows", over.get(0));
        assertEquals(3, over.size());
        String[] f = over.get(2).split("\t", -1);
        assertEquals(fmt.size() + 1, f.length, "number plus one field per LIST OVERVIEW.FMT line");
        assertEquals("2", f[0]);
        assertEquals("Re: parent", f[1]);
        assertEquals("Replier <r@example.org>", f[2]);
        assertTrue(f[3].matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000"), f[3]);
        assertEquals(id, f[4]);
        assertEquals(first, f[5]);
        List<String> art = c.multi("ARTICLE 2");
        int bytes = art.subList(1, art.size()).stream().mapToInt(l -> l.length() + 2).sum();
        assertEquals(String.valueOf(bytes), f[6], ":bytes is the article size");
        assertEquals("2", f[7], ":lines counts body lines");
        assertEquals("Xref: test.node local.test:2 misc.test:1", f[8]);
        assertEquals(over.get(2), c.multi("XOVER 2").get(1));
        List<String> byId = c.multi("OVER " + id);
        assertTrue(byId.get(1).startsWith("0\tRe: parent\t"), "by Message-ID the number is 0");
        c.cmd("STAT 1");
        assertTrue(c.multi("OVER").get(1).startsWith("1\tparent\t"), "no argument: the current article");
    }

    @Test
    void overErrors() throws Exception {
        assertEquals("412 Not in a newsgroup", c.cmd("OVER 1-"));
        c.cmd("GROUP local.test");
        assertEquals("420 Current article number is invalid", c.cmd("OVER"));
        assertEquals("423 No articles in 1-5", c.cmd("OVER 1-5"));
        assertEquals(List.of("224 Overview information follows"), c.multi("XOVER 1-5"));
        assertEquals("430 No such article", c.cmd("OVER <nope@x>"));
        assertEquals("501 Syntax error in range", c.cmd("OVER abc"));
        postOk("local.test", "x");
        assertEquals("423 No articles in 3-1", c.cmd("OVER 3-1"));
    }

    @Test
    void hdrXhdrXpat() throws Exception {
        String id = postOk("local.test", "alpha");
        c.post("From: x@example.org\r\nNewsgroups: local.test\r\nSubject: beta\r\nX-Custom: hello\r\n\r\nb\r\n");
        c.cmd("GROUP local.test");
        assertEquals(List.of("225 Header or metadata information for Subject follows", "1 alpha", "2 beta"),
                c.multi("HDR Subject 1-"));
        assertEquals(List.of("225 Header or metadata information for X-Custom follows", "1 ", "2 hello"),
                c.multi("HDR X-Custom 1-2"));
        assertEquals(List.of("225 Header or metadata information for subject follows", "0 alpha"),
                c.multi("HDR subject " + id));
        List<String> lines = c.multi("HDR :lines 1-");
        assertEquals(List.of("1 1", "2 1"), lines.subList(1, 3));
        assertEquals("423 No articles in 5-9", c.cmd("HDR Subject 5-9"));
        assertEquals(List.of("221 Header or metadata information for Subject follows"), c.multi("XHDR Subject 5-9"));
        assertEquals(List.of("221 Header or metadata information for Subject follows", "2 beta"),
                c.multi("XHDR Subject 2"));
        assertEquals("503 Unknown metadata item :nosuch", c.cmd("HDR :nosuch 1-"));
        assertEquals("430 No such article", c.cmd("HDR Subject <nope@x>"));
        assertEquals(List.of("221 Header or metadata information for Subject follows", "2 beta"),
                c.multi("XPAT Subject 1- b*"));
        assertEquals(List.of("221 Header or metadata information for Subject follows", "1 alpha", "2 beta"),
                c.multi("XPAT Subject 1-2 *lph* b?ta"));
        assertEquals("501 Syntax is: XPAT header range|message-ID pattern [pattern ...]", c.cmd("XPAT Subject 1-"));
        try (NntpTestClient fresh = node.client()) {
            assertEquals("412 Not in a newsgroup", fresh.cmd("HDR Subject 1-"));
        }
    }

    @Test
    void quitClosesTheConnection() throws Exception {
        assertEquals("205 Bye!", c.cmd("QUIT"));
        assertTrue(c.closedByServer());
    }

    @Test
    void overviewOfRemovedGroupsIsGoneAndNumbersAreNeverReused() throws Exception {
        postOk("local.test", "1");
        postOk("local.test", "2");
        node.storage().removeGroup("local.test").join();
        assertEquals("411 No such group local.test", c.cmd("GROUP local.test"));
        node.createGroup("local.test");
        assertEquals("211 0 3 2 local.test", c.cmd("GROUP local.test"));
        postOk("local.test", "3");
        assertEquals("211 1 3 3 local.test", c.cmd("GROUP local.test"));
    }

    @Test
    void groupStatusShownAsConfigured() throws Exception {
        node.createGroup("local.mod", Group.MODERATED);
        node.createGroup("local.ro", Group.NO_POSTING);
        assertEquals(List.of("215 Newsgroups in form \"group high low status\"", "local.mod 0 1 m", "local.ro 0 1 n"),
                c.multi("LIST ACTIVE local.mod,local.ro"));
    }

    static String messageId(String reply) {
        Matcher m = Pattern.compile("<[^>]+>").matcher(reply);
        return m.find() ? m.group() : null;
    }

    @Test
    void listgroupChecksItsRangeBeforeTheGroup() throws Exception {
        // RFC 3977 §3.2.1 orders syntax (501) before existence (411), as INN does
        assertEquals("501 Syntax error in range", c.cmd("LISTGROUP this.that 1-10-20"));
        assertEquals("501 Syntax error in range", c.cmd("LISTGROUP this.that junk"));
        assertEquals("411 No such group this.that", c.cmd("LISTGROUP this.that 1-10"));
    }

    @Test
    void everyCommandChecksItsSyntaxBeforeTheGroup() throws Exception {
        // no group is selected: a malformed argument is still 501, not 412 (RFC 3977 §3.2.1)
        assertTrue(c.cmd("GROUP this.that extra").startsWith("501 "));
        assertEquals("501 Syntax error in range", c.cmd("OVER 1-10-20"));
        assertEquals("501 Syntax error in range", c.cmd("XOVER junk"));
        assertEquals("501 Syntax error in range", c.cmd("HDR Subject 1-x"));
        assertEquals("501 Syntax error in range", c.cmd("XHDR Subject junk"));
        assertTrue(c.cmd("NEWNEWS * 2026x101 000000").startsWith("501 "));
        assertTrue(c.cmd("NEWNEWS * 20261201 250000").startsWith("501 "));
        assertEquals("412 Not in a newsgroup", c.cmd("OVER 1-10"));
        assertEquals("412 Not in a newsgroup", c.cmd("HDR Subject 1-"));
    }
}
