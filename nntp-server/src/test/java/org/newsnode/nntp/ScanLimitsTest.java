package org.newsnode.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsnode.nntp.testing.NntpTestClient;
import org.newsnode.nntp.testing.TestNode;

/** Commands whose cost the client chooses: bounded in work, answered in full across many scan steps. */
class ScanLimitsTest {
    static final int N = 5_001; // one more than a header outside the overview may be read for

    @TempDir
    Path dir;
    TestNode node;
    NntpTestClient c;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.withPeer(dir, "feed", "feed.example", "");
        node.createGroup("local.test");
        c = node.client();
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < N; i++) {
            String id = "<s" + i + "@feed.example>";
            burst.append("TAKETHIS ").append(id).append("\r\n")
                    .append(NntpTestClient.dotStuff(TransitTest.article(id, "local.test", "feed.example!x")
                            .replace("\r\n\r\n", "\r\nX-Tag: t" + i + "\r\n\r\n"))).append(".\r\n");
        }
        c.send(burst.toString());
        for (int i = 0; i < N; i++) {
            assertTrue(c.readLine().startsWith("239 "));
        }
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        node.close();
    }

    @Test
    void aHeaderOutsideTheOverviewIsReadForAtMost5000Articles() throws Exception {
        assertEquals("211 " + N + " 1 " + N + " local.test", c.cmd("GROUP local.test"));
        assertEquals("503 X-Tag is not in the overview: at most 5000 articles per command for it; ask for a smaller range",
                c.cmd("XHDR X-Tag 1-" + N));
        assertEquals("503 X-Tag is not in the overview: at most 5000 articles per command for it; ask for a smaller range",
                c.cmd("XPAT X-Tag 1- *"));
        List<String> some = c.multi("XHDR X-Tag 1-5000");
        assertEquals(5_001, some.size(), "5,000 values after the status line, read in steps");
        assertEquals("5000 t4999", some.get(5_000));
    }

    @Test
    void overAndListgroupOverManyStepsAnswerEveryRowInOrder() throws Exception {
        c.cmd("GROUP local.test");
        List<String> over = c.multi("OVER 1-" + N);
        assertEquals(N + 1, over.size(), over.get(0));
        for (int i = 1; i <= N; i++) {
            assertTrue(over.get(i).startsWith(i + "\t"), "row " + i + ": " + over.get(i));
        }
        List<String> numbers = c.listgroup("LISTGROUP local.test");
        assertEquals(N + 1, numbers.size());
        assertEquals(String.valueOf(N), numbers.get(N));
        List<String> news = c.multi("NEWNEWS local.* 20000101 000000 GMT");
        assertEquals(N + 1, news.size(), "each article once, across pages");
        assertEquals("<s0@feed.example>", news.get(1));
        assertEquals("<s" + (N - 1) + "@feed.example>", news.get(N));
    }
}
