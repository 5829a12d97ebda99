package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class EventTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldReleaseWaitersInOtherProcessesWhenSet() throws Exception {
        try (Event go = Event.create(); Event done = Event.create(); IntValue seen = Value.ofInt(0)) {
            try (Process a = Process.start(() -> { go.await(); seen.incrementAndGet(); done.set(); });
                 Process b = Process.start(() -> { go.await(); seen.incrementAndGet(); })) {
                Thread.sleep(300);
                assertEquals(0, seen.get(), "nobody may pass before the event is set");
                assertFalse(done.isSet());
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
