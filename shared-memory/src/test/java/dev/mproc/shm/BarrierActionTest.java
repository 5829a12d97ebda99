package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.Task;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Barrier}'s action and default timeout, with abort and timeouts, as the cases of CPython's
 * {@code _test_multiprocessing.py} ({@code _TestBarrier}) check them: the parties are this JVM and {@code N - 1}
 * child processes.
 */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BarrierActionTest {

    private static final int N = 3;
    /** CPython's {@code defaultTimeout} of the barrier every case but two uses. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * CPython's {@code test_action}: the action runs once per generation, before any party is released, in the
     * process of the party that arrives last.
     */
    @Test
    void test_action() throws Exception {
        try (IntValue results = Value.ofInt(0); LongValue actionPid = Value.ofLong(0);
             LongValue lastPid = Value.ofLong(0); IntValue early = Value.ofInt(0)) {
            final Task action = () -> {
                results.incrementAndGet();
                actionPid.set(ProcessHandle.current().pid());
            };
            try (Barrier barrier = Barrier.create(N, action, DEFAULT_TIMEOUT)) {
                runParties(() -> {
                    for (int generation = 1; generation <= 3; generation++) {
                        if (barrier.await() == N - 1) {
                            lastPid.set(ProcessHandle.current().pid());
                        }
                        if (results.get() != generation) {
                            early.incrementAndGet();
                        }
                    }
                });
                assertEquals(3, results.get(), "once per generation");
                assertEquals(0, early.get(), "released before the action ran");
                assertEquals(lastPid.get(), actionPid.get(), "run by the party that arrived last");
            }
        }
    }

    /**
     * {@code threading.Barrier}'s documented contract, in processes: an action that throws breaks the barrier; the
     * party that ran it gets the exception, the others a broken barrier.
     */
    @Test
    void test_action_exception() throws Exception {
        try (IntValue raised = Value.ofInt(0); IntValue broken = Value.ofInt(0);
             Barrier barrier = Barrier.create(N, () -> {
                 throw new IllegalStateException("the action failed");
             }, DEFAULT_TIMEOUT)) {
            runParties(() -> {
                try {
                    barrier.await();
                } catch (final IllegalStateException e) {
                    raised.incrementAndGet();
                } catch (final BrokenBarrierException e) {
                    broken.incrementAndGet();
                }
            });
            assertEquals(1, raised.get());
            assertEquals(N - 1, broken.get());
            assertTrue(barrier.isBroken());
        }
        try (Barrier alone = Barrier.create(1, () -> {
            throw new IOException("checked");
        }, null)) {
            final BrokenBarrierException e = assertThrows(BrokenBarrierException.class, alone::await);
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(alone.isBroken());
        }
    }

    /**
     * A party killed ({@code kill -9}) while it runs the action breaks the barrier: the waiting party, without a
     * timeout, gets a broken barrier instead of waiting for ever (Python's would).
     */
    @Test
    void shouldBreakWhenThePartyRunningTheActionIsKilled() throws Exception {
        try (IntValue running = Value.ofInt(0); IntValue outcome = Value.ofInt(0);
             Barrier barrier = Barrier.create(2, () -> {
                 running.set(1);
                 Await.untilKilled();
             }, null)) {
            try (Process waiter = Process.start(() -> {
                try {
                    barrier.await();
                    outcome.set(1);
                } catch (final BrokenBarrierException e) {
                    outcome.set(2);
                }
            })) {
                Await.until("the first party waits", () -> barrier.getNumberWaiting() == 1);
                try (Process runner = Process.start(() -> barrier.await())) {
                    Await.until("the last party runs the action", () -> running.get() == 1);
                    runner.kill();
                    assertTrue(runner.join(Await.HANG));
                }
                assertTrue(waiter.join(Await.HANG));
                assertEquals(0, waiter.exitCode().getAsInt());
                assertEquals(2, outcome.get(), "the waiting party got a broken barrier");
                assertTrue(barrier.isBroken());
            }
        }
    }

    /** CPython's {@code test_abort}: a party that aborts breaks the barrier for every other party. */
    @Test
    void test_abort() throws Exception {
        try (Barrier barrier = Barrier.create(N, null, DEFAULT_TIMEOUT); IntValue results1 = Value.ofInt(0);
             IntValue results2 = Value.ofInt(0)) {
            runParties(() -> {
                try {
                    final int i = barrier.await();
                    if (i == N / 2) {
                        barrier.abort();
                        return;
                    }
                    barrier.await();
                    results1.incrementAndGet();
                } catch (final BrokenBarrierException e) {
                    results2.incrementAndGet();
                }
            });
            assertEquals(0, results1.get());
            assertEquals(N - 1, results2.get());
            assertTrue(barrier.isBroken());
        }
    }

    /**
     * CPython's {@code test_timeout}: one party is late (here: it comes once the barrier is broken, instead of after a
     * second's sleep), so the others' {@code await(timeout)} breaks the barrier, and every party fails.
     */
    @Test
    void test_timeout() throws Exception {
        try (Barrier barrier = Barrier.create(N, null, DEFAULT_TIMEOUT); IntValue results = Value.ofInt(0);
             IntValue timedOut = Value.ofInt(0)) {
            runParties(() -> {
                final int i = barrier.await();
                if (i == N / 2) {
                    Await.until("the others' timeout breaks the barrier", barrier::isBroken);
                }
                try {
                    barrier.await(Duration.ofMillis(500));
                } catch (final TimeoutException e) {
                    timedOut.incrementAndGet();
                    results.incrementAndGet();
                } catch (final BrokenBarrierException e) {
                    results.incrementAndGet();
                }
            });
            assertEquals(N, results.get());
            assertTrue(timedOut.get() >= 1, "at least one party timed out");
        }
    }

    /** CPython's {@code test_default_timeout}: {@code await()} without a timeout waits at most the barrier's. */
    @Test
    void test_default_timeout() throws Exception {
        try (Barrier barrier = Barrier.create(N, null, Duration.ofMillis(500)); IntValue results = Value.ofInt(0);
             IntValue timedOut = Value.ofInt(0)) {
            assertEquals(Duration.ofMillis(500), barrier.getDefaultTimeout().orElseThrow());
            runParties(() -> {
                final int i = barrier.await(DEFAULT_TIMEOUT);
                if (i == N / 2) {
                    Await.until("the others' default timeout breaks the barrier", barrier::isBroken);
                }
                try {
                    barrier.await();
                } catch (final BrokenBarrierException e) {
                    results.incrementAndGet();
                    if (e.getCause() instanceof TimeoutException) {
                        timedOut.incrementAndGet();
                    }
                }
            });
            assertEquals(N, results.get());
            assertTrue(timedOut.get() >= 1, "at least one party's default timeout passed");
        }
    }

    /** The action and the default timeout cross with the handle; attaching by name needs the action. */
    @Test
    void shouldAttachByNameOnlyWithTheAction() throws Exception {
        final Task action = () -> { };
        try (Barrier barrier = Barrier.create(2, action, Duration.ofSeconds(7)); Barrier plain = Barrier.create(2)) {
            final IOException e = assertThrows(IOException.class, () -> Barrier.attach(barrier.name()));
            assertTrue(e.getMessage().contains("has an action"), e.getMessage());
            assertThrows(IOException.class, () -> Barrier.attach(plain.name(), action));
            try (Barrier attached = Barrier.attach(barrier.name(), action)) {
                assertEquals(Duration.ofSeconds(7), attached.getDefaultTimeout().orElseThrow());
            }
            assertFalse(plain.getDefaultTimeout().isPresent());
            assertThrows(IllegalArgumentException.class, () -> Barrier.create(2, null, Duration.ZERO));
        }
    }

    /** Runs the party in {@code N - 1} child processes and in this thread, as CPython's {@code run_threads}. */
    private static void runParties(final Task party) throws Exception {
        final List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < N - 1; i++) {
                children.add(Process.start(party));
            }
            party.run();
            for (final Process child : children) {
                assertTrue(child.join(Await.HANG), "party " + child.pid() + " did not end");
                assertEquals(0, child.exitCode().getAsInt(), "party " + child.pid() + " failed");
            }
        } finally {
            children.forEach(Process::close);
        }
    }
}
