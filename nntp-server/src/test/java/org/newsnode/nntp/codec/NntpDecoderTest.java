package org.newsnode.nntp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NntpDecoderTest {
    private final IoSession session = new DummySession();
    private final List<Object> out = new ArrayList<>();

    private void feed(NntpDecoder d, String s, int chunk) {
        byte[] all = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < all.length; i += chunk) {
            IoBuffer b = IoBuffer.wrap(all, i, Math.min(chunk, all.length - i)).slice();
            List<Object> queue = new ArrayList<>();
            ProtocolDecoderOutput o = new ProtocolDecoderOutput() {
                @Override
                public void write(Object message) {
                    queue.add(message);
                }

                @Override
                public void flush(NextFilter nextFilter, IoSession s) {
                }
            };
            d.decode(session, b, o);
            assertFalse(b.hasRemaining(), "decoder must consume everything");
            assertTrue(queue.size() <= 1, "one message per read: " + queue);
            List<Object> messages = queue.isEmpty() ? List.of()
                    : queue.get(0) instanceof InputBatch batch ? batch.messages() : List.of(queue.get(0));
            for (Object m : messages) {
                out.add(m);
                if (m instanceof CommandLine l && l.text().equals("POST")) {
                    session.setAttribute(NntpDecoder.EXPECT_BLOCK, Boolean.TRUE);
                }
            }
        }
    }

    @Test
    void oneReadGivesOneBatchInOrder() {
        NntpDecoder d = new NntpDecoder(510, 1000);
        feed(d, "CHECK <a@b>\r\nCHECK <c@d>\r\nTAKETHIS <e@f>\r\nX: y\r\n\r\nz\r\n.\r\nQUIT\r\n", 4096);
        assertEquals(5, out.size(), out.toString());
        assertEquals("CHECK <c@d>", ((CommandLine) out.get(1)).text());
        assertTrue(out.get(3) instanceof ArticleBlock);
        assertEquals("QUIT", ((CommandLine) out.get(4)).text());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
    void linesAndBlocksSurviveAnyChunking(int chunk) {
        NntpDecoder d = new NntpDecoder(510, 1000);
        feed(d, "GROUP a\r\nPOST\r\n", chunk);
        feed(d, "Subject: x\r\n\r\n..dot\r\n.\r\n", chunk);
        feed(d, "POST\r\n", chunk);
        feed(d, "A: b\r\n\r\nbody\r\n.\r\nQUIT\r\n", chunk);
        assertEquals(6, out.size(), out.toString());
        assertEquals("GROUP a", ((CommandLine) out.get(0)).text());
        assertArrayEquals("Subject: x\r\n\r\n.dot\r\n".getBytes(StandardCharsets.US_ASCII), ((ArticleBlock) out.get(2)).data());
        assertArrayEquals("A: b\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), ((ArticleBlock) out.get(4)).data());
        assertEquals("QUIT", ((CommandLine) out.get(5)).text());
    }

    @Test
    void overlongLineIsFlaggedAndTheNextLineIsFine() {
        NntpDecoder d = new NntpDecoder(510, 1000);
        feed(d, "X".repeat(511) + "\r\n" + "Y".repeat(510) + "\r\nDATE\r\n", 100);
        assertTrue(((CommandLine) out.get(0)).tooLong());
        assertFalse(((CommandLine) out.get(1)).tooLong());
        assertEquals("DATE", ((CommandLine) out.get(2)).text());
    }

    @Test
    void oversizeBlockIsDroppedWhileReading() {
        NntpDecoder d = new NntpDecoder(510, 10);
        feed(d, "POST\r\n", 100);
        feed(d, "0123456789abcdef\r\n.\r\nDATE\r\n", 5);
        ArticleBlock b = (ArticleBlock) out.get(1);
        assertTrue(b.tooLarge());
        assertEquals(18, b.size());
        assertEquals("DATE", ((CommandLine) out.get(2)).text());
    }

    @Test
    void bareLineFeedsBecomeCrLf() {
        NntpDecoder d = new NntpDecoder(510, 1000);
        feed(d, "POST\n", 100);
        feed(d, "A: b\n\nx\n.\n", 100);
        ArticleBlock b = (ArticleBlock) out.get(1);
        assertTrue(b.bareLineFeeds());
        assertArrayEquals("A: b\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), b.data());
    }
}
