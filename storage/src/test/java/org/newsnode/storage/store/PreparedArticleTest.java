package org.newsnode.storage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsnode.storage.article.Article;
import org.newsnode.storage.article.WireFormat;

/** The writer's fast path gives byte for byte what rewriting the whole article would give. */
class PreparedArticleTest {
    private static final String HEAD = "Path: a!b\r\nFrom: f@example.org\r\nNewsgroups: x.y\r\nSubject: s\r\n"
            + "Date: Sat, 21 Nov 2026 09:00:00 +0000\r\nMessage-ID: <m@x>\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        HEAD + "\r\nbody\r\n",
        HEAD + "Xref: old 1\r\nReferences: <r@x>\r\n\r\n.leading dot\r\nline\r\n..two\r\n",
        "Xref: first x:1\r\n" + HEAD + "\r\nno final newline",
        HEAD + "Summary: folded\r\n\tcontinued\r\n\r\n\r\n\r\n",
        HEAD,
        HEAD + "\r\n"})
    void sameAsRewritingTheWholeArticle(String text) throws Exception {
        Article a = Article.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        String xref = "node.example x.y:42 z:7";
        for (String relay : new String[] {null, "here.example!a!b"}) {
            Article stored = relay == null ? a.rewrite(List.of("Xref"), List.of(), List.of("Xref: " + xref))
                    : a.rewrite(List.of("Xref", "Path"), List.of("Path: " + relay), List.of("Xref: " + xref));
            byte[] head = WireFormat.dotStuff(stored.raw(), 0, stored.bodyStart());
            byte[] body = WireFormat.dotStuff(stored.raw(), stored.bodyStart(), stored.size());
            ByteArrayOutputStream ov = new ByteArrayOutputStream();
            ov.writeBytes(Overview.head(stored));
            Overview.finish(ov, stored.size(), stored.bodyLines(), xref);

            PreparedArticle p = PreparedArticle.of(a, relay);
            PreparedArticle.Stored s = p.withXref(xref);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(head);
            wire.writeBytes(body);
            assertEquals(new String(wire.toByteArray(), StandardCharsets.ISO_8859_1),
                    new String(s.wire(), StandardCharsets.ISO_8859_1));
            assertEquals(head.length, s.bodyOffset(), "body offset");
            assertArrayEquals(ov.toByteArray(), s.overview(), new String(s.overview(), StandardCharsets.ISO_8859_1));
            assertEquals(stored.header("Path"), p.path);
        }
    }
}
