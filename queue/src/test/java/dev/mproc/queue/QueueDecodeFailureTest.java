package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.internal.Codec;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** An item that cannot be decoded is delivered as an exception, once, and never blocks the queue (issue 15, #6). */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueDecodeFailureTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void shouldConsumeAnItemTheOwnerCannotDecodeAndGoOn() throws Exception {
        try (Queue<Object> q = Queue.create()) {
            q.put(new Picky(1));
            q.put("next");
            final UndecodableItemException e;
            System.setProperty(Picky.REFUSE, "true");
            try {
                e = assertThrows(UndecodableItemException.class, q::get);
            } finally {
                System.clearProperty(Picky.REFUSE);
            }
            assertEquals(Picky.class.getName(), e.itemClass());
            assertTrue(e.getMessage().contains(Picky.class.getName()) && e.getMessage().contains("picky refuses 1")
                && e.getMessage().contains(q.name()), e.getMessage());
            assertEquals("next", q.get(LONG), "the next get proceeds");
            assertEquals(0, q.qsize(), "the item was consumed, not put back");
            assertEquals(new Picky(1), decode(e.encoded()), "the exception carries the item");
            assertEquals(new Picky(1), e.decodeAgain(), "decoded again once the cause is gone");
            System.setProperty(Picky.REFUSE, "true");
            try {
                final java.io.IOException still = assertThrows(java.io.IOException.class, e::decodeAgain);
                assertTrue(String.valueOf(still.getMessage()).contains("picky refuses 1")
                    || String.valueOf(still.getCause()).contains("picky refuses 1"), String.valueOf(still));
            } finally {
                System.clearProperty(Picky.REFUSE);
            }
        }
    }

    @Test
    void shouldConsumeAnItemWhoseReadObjectThrowsAnUncheckedException() throws Exception {
        try (Queue<Object> q = Queue.create()) {
            q.put(new Brittle());
            q.put("next");
            final UndecodableItemException e = assertThrows(UndecodableItemException.class, q::get);
            assertEquals(Brittle.class.getName(), e.itemClass());
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertEquals("next", q.get(LONG));
            assertEquals(0, q.qsize());
        }
    }

    @Test
    void shouldConsumeAndAcknowledgeAnItemAConsumerProcessCannotDecode() throws Exception {
        try (Queue<Object> q = Queue.create(); Queue<Object> report = Queue.create()) {
            q.put(new Picky(2));
            q.put("next");
            try (Process consumer = Process.start(() -> {
                System.setProperty(Picky.REFUSE, "true");
                try {
                    q.get();
                    report.put("decoded it");
                } catch (final UndecodableItemException e) {
                    report.put(e.itemClass() + " | " + e.getMessage());
                    report.put(e.encoded());
                }
                report.put(q.get());
            })) {
                final String refused = (String) report.get(LONG);
                assertTrue(refused.startsWith(Picky.class.getName() + " | ") && refused.contains("picky refuses 2"),
                    refused);
                assertEquals(new Picky(2), decode((byte[]) report.get(LONG)));
                assertEquals("next", report.get(LONG), "the consumer's next get proceeds");
                assertTrue(consumer.join(LONG));
                assertEquals(java.util.OptionalInt.of(0), consumer.exitCode());
            }
            awaitSessionsEnded(q);
            assertEquals(0, q.qsize(), "acknowledged: it does not come back when the consumer's connection ends");
        }
    }

    @Test
    void shouldConsumeAQueueWhoseOwnerDiedAndGoOn() throws Exception {
        try (Queue<Object> outer = Queue.create(); Queue<String> report = Queue.create();
             Process owner = Process.start(() -> {
                 final Queue<String> inner = Queue.create();
                 outer.put(inner);
                 outer.put("after");
                 report.put("put");
                 inner.get();
             })) {
            assertEquals("put", report.get(LONG));
            owner.kill();
            assertTrue(Children.awaitGone(owner.pid(), LONG));
            final UndecodableItemException e = assertThrows(UndecodableItemException.class, outer::get);
            assertEquals(QueueHandle.class.getName(), e.itemClass());
            assertTrue(e.getMessage().contains("cannot attach") && e.getMessage().contains("owner " + owner.pid()),
                e.getMessage());
            assertEquals("after", outer.get(LONG), "the next get proceeds: the dead queue does not stay at the front");
            assertEquals(0, outer.qsize());
        } finally {
            dev.mproc.internal.RuntimeDirectory.files().sweep();
        }
    }

    /** An item that cannot be read back anywhere, with an unchecked exception. */
    static final class Brittle implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(final java.io.ObjectInputStream in) {
            throw new IllegalStateException("brittle");
        }
    }

    private static Object decode(final byte[] encoded) throws java.io.IOException {
        return Codec.standard().decode(encoded, 0, encoded.length);
    }

    /** Waits until the owner has finished with every connection to the queue. */
    private static void awaitSessionsEnded(final Queue<?> q) throws Exception {
        Await.until("the owner has ended every connection to " + q.name(), () -> Shared.connections(q) == 0, LONG);
    }
}
