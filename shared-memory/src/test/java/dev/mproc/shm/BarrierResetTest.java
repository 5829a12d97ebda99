package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Barrier#reset()}, with the cases of CPython's {@code _test_multiprocessing.py} ({@code _TestBarrier}) that
 * cover it: waiters freed with a broken barrier, the barrier usable again, and an arrival racing a reset.
 */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BarrierResetTest {

    private static final Duration HANG = Duration.ofSeconds(60);

    /** CPython's {@code test_reset}: a reset frees the waiting parties with a broken barrier, then it works again. */
    @Test
    void test_reset() throws Exception {
        try (Barrier barrier = Barrier.create(2); IntValue outcome = Value.ofInt(0)) {
            try (Process waiter = Process.start(() -> {
                try {
                    barrier.await(HANG);
                    outcome.set(1);
                } catch (final BrokenBarrierException expected) {
                    outcome.set(2);
                }
                barrier.await(HANG);
            })) {
                Await.until("the child waits at the barrier", () -> barrier.getNumberWaiting() == 1);
                barrier.reset();
                Await.until("the child is freed", () -> outcome.get() != 0);
                assertEquals(2, outcome.get(), "freed by the reset with a broken barrier");
                assertFalse(barrier.isBroken(), "a reset barrier is whole");
                barrier.await(HANG);
                assertTrue(waiter.join(HANG));
                assertEquals(0, waiter.exitCode().getAsInt(), "the next round went through");
            }
        }
    }

    /**
     * CPython's {@code test_abort_and_reset}, with its two parties in two processes: the party that arrives second
     * aborts, the other meets the break in its next wait; a second barrier lines them up so that one resets while
     * nobody is inside, and then both pass.
     */
    @Test
    void test_abort_and_reset() throws Exception {
        try (Barrier barrier = Barrier.create(2); Barrier barrier2 = Barrier.create(2);
             IntValue results1 = Value.ofInt(0); IntValue results2 = Value.ofInt(0);
             IntValue results3 = Value.ofInt(0)) {
            final dev.mproc.Task party = () -> abortAndReset(barrier, barrier2, results1, results2, results3);
            try (Process other = Process.start(party)) {
                party.run();
                assertTrue(other.join(HANG));
                assertEquals(0, other.exitCode().getAsInt());
            }
            assertEquals(0, results1.get(), "nobody passed the aborted barrier");
            assertEquals(1, results2.get(), "the party that did not abort met the break");
            assertEquals(2, results3.get(), "both passed after the reset");
        }
    }

    private static void abortAndReset(final Barrier barrier, final Barrier barrier2, final IntValue results1,
                                      final IntValue results2, final IntValue results3) throws Exception {
        try {
            final int index = barrier.await(HANG);
            if (index == 1) {
                barrier.abort();
            } else {
                barrier.await(HANG);
                results1.incrementAndGet();
            }
        } catch (final BrokenBarrierException e) {
            results2.incrementAndGet();
        }
        // Line up first so that everyone has left the barrier when it is reset, and after so that nobody enters it
        // before the reset.
        if (barrier2.await(HANG) == 1) {
            barrier.reset();
        }
        barrier2.await(HANG);
        barrier.await(HANG);
        results3.incrementAndGet();
    }

    /**
     * The race the ported suite found (1 run in 5): a party arriving while another thread resets must land in the
     * fresh generation, never see the reset as a break. With one party, an arrival never waits, so no reset can
     * legitimately break it: every {@link BrokenBarrierException} here is the race.
     */
    @Test
    void shouldLetAPartyArrivingDuringAResetPassInTheFreshGeneration() throws Exception {
        try (Barrier barrier = Barrier.create(1)) {
            final AtomicBoolean arriving = new AtomicBoolean(true);
            final CompletableFuture<Integer> resets = CompletableFuture.supplyAsync(() -> {
                int count = 0;
                while (arriving.get()) {
                    barrier.reset();
                    count++;
                }
                return count;
            });
            int broken = 0;
            try {
                for (int i = 0; i < 200_000; i++) {
                    try {
                        barrier.await(HANG);
                    } catch (final BrokenBarrierException e) {
                        broken++;
                    }
                }
            } finally {
                arriving.set(false);
            }
            assertTrue(resets.get() > 0, "the resets ran alongside");
            assertEquals(0, broken, "arrivals turned away by a reset");
            assertFalse(barrier.isBroken());
        }
    }
}
