package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SimpleQueue between real child JVMs. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class SimpleQueueTest {

    private static final Duration LONG = Await.HANG;

    @Test
    void shouldCarryItemsAndNullBothWays() throws Exception {
        try (SimpleQueue<String> toChild = SimpleQueue.create(); SimpleQueue<String> toParent = SimpleQueue.create()) {
            assertTrue(toChild.empty());
            try (Process child = Process.start(() -> {
                String item;
                while ((item = toChild.get()) != null) {
                    toParent.put(item.toUpperCase());
                }
                toParent.put(null);
            })) {
                toChild.put("a");
                toChild.put("b");
                toChild.put(null);
                assertEquals("A", toParent.get());
                assertEquals("B", toParent.get());
                assertNull(toParent.get());
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
            assertTrue(toChild.empty());
        }
    }

    @Test
    void shouldFailPutOfANonSerializableItemNamingTheClass() throws Exception {
        try (SimpleQueue<Object> q = SimpleQueue.create()) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.put(new Thread()));
            assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
            assertTrue(q.empty());
        }
    }
}
