package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class EventTest {

    private static final Duration TIMEOUT = Await.HANG;

    @Test
    void shouldReleaseWaitersInOtherProcessesWhenSet() throws Exception {
        try (Event go = Event.create(); Event done = Event.create(); IntValue arrived = Value.ofInt(0);
             IntValue released = Value.ofInt(0); IntValue seen = Value.ofInt(0)) {
            // A child counts itself seen only if it passed after the parent released it: one that passed early is
            // caught whichever runs first.
            final dev.mproc.Task waiter = () -> {
                arrived.incrementAndGet();
                go.await();
                if (released.get() == 1) {
                    seen.incrementAndGet();
                }
                done.set();
            };
            try (Process a = Process.start(waiter); Process b = Process.start(waiter)) {
                Await.until("both children at the event", () -> arrived.get() == 2);
                assertEquals(0, seen.get(), "nobody may pass before the event is set");
                released.set(1);
                go.set();
                assertTrue(done.await(TIMEOUT));
                assertTrue(a.join(TIMEOUT));
                assertTrue(b.join(TIMEOUT));
                assertEquals(2, seen.get());
            }
            go.clear();
            assertFalse(go.isSet());
            assertFalse(go.await(Duration.ofMillis(50)));
        }
    }
}
