package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class BarrierTest {

    private static final Duration TIMEOUT = Await.HANG;

    @Test
    void shouldReleaseEveryPartyOnlyWhenTheLastOfThemArrivesTwice() throws Exception {
        try (Barrier barrier = Barrier.create(3); IntArray indexes = Array.newInts(6);
             IntValue passed = Value.ofInt(0)) {
            final dev.mproc.Task party = () -> {
                for (int round = 0; round < 2; round++) {
                    final int index = barrier.await(Await.HANG);
                    indexes.incrementAndGet(round * 3 + index);
                    passed.incrementAndGet();
                }
            };
            try (Process a = Process.start(party); Process b = Process.start(party)) {
                Await.until("two parties wait at the barrier", () -> barrier.getNumberWaiting() == 2);
                assertEquals(0, passed.get(), "two of three parties must wait");
                for (int round = 0; round < 2; round++) {
                    final int index = barrier.await(TIMEOUT);
                    indexes.incrementAndGet(round * 3 + index);
                }
                assertTrue(a.join(TIMEOUT));
                assertTrue(b.join(TIMEOUT));
                assertEquals(0, a.exitCode().orElseThrow());
                assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, indexes.toArray(), Arrays.toString(indexes.toArray()));
            }
        }
    }

    @Test
    void shouldBreakOnTimeoutAndWorkAgainAfterReset() throws Exception {
        try (Barrier barrier = Barrier.create(2)) {
            assertThrows(TimeoutException.class, () -> barrier.await(Duration.ofMillis(50)));
            assertTrue(barrier.isBroken());
            assertThrows(BrokenBarrierException.class, barrier::await);
            barrier.reset();
            try (Process other = Process.start(() -> barrier.await(Await.HANG))) {
                barrier.await(TIMEOUT);
                assertTrue(other.join(TIMEOUT));
                assertEquals(0, other.exitCode().orElseThrow());
            }
        }
    }

    @Test
    void shouldBreakWaitersInOtherProcessesOnAbort() throws Exception {
        try (Barrier barrier = Barrier.create(3); IntValue broken = Value.ofInt(0)) {
            final dev.mproc.Task party = () -> {
                try {
                    barrier.await(Await.HANG);
                } catch (final BrokenBarrierException e) {
                    broken.incrementAndGet();
                }
            };
            try (Process a = Process.start(party); Process b = Process.start(party)) {
                Await.until("two parties wait at the barrier", () -> barrier.getNumberWaiting() == 2);
                barrier.abort();
                assertTrue(a.join(TIMEOUT));
                assertTrue(b.join(TIMEOUT));
                assertEquals(2, broken.get());
            }
        }
    }
}
