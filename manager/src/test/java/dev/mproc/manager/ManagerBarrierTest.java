package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.Task;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CPython's {@code _TestBarrier} run against a manager (its {@code TYPE='manager'}): the parties are this thread and
 * {@code N - 1} child processes, the result lists are manager lists, as CPython's {@code DummyList} is there. N is 3
 * rather than CPython's 5, to keep the JVMs few; every case still has a party at index {@code N / 2} and others.
 */
@ExtendWith(NoLeaks.class)
@Timeout(180)
class ManagerBarrierTest {

    private static final int N = 3;

    private static Manager manager;

    /** CPython's {@code setUp}: {@code Barrier(N, timeout=defaultTimeout)}. */
    private BarrierProxy barrier;

    @BeforeAll
    static void startManager() throws Exception {
        manager = Manager.start();
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    @BeforeEach
    void newBarrier() {
        barrier = manager.barrier(N, null, Await.HANG);
    }

    /** CPython's {@code run_threads}: the task in N - 1 children and in this thread, then every child joined. */
    private static void runParties(final Task task) throws Exception {
        final List<Process> children = new ArrayList<>();
        for (int i = 0; i < N - 1; i++) {
            children.add(Process.start(task));
        }
        try {
            task.run();
        } finally {
            for (final Process child : children) {
                child.join();
                assertEquals(0, child.exitCode().getAsInt(), "a party failed; its stack trace is on stderr");
                child.close();
            }
        }
    }

    // Ports test_barrier and test_barrier_10: ten passes in lockstep.
    @Test
    void testBarrier10() throws Exception {
        final BarrierProxy b = barrier;
        final List<Boolean> before = manager.list();
        final List<Boolean> after = manager.list();
        runParties(() -> {
            final int m = b.parties();
            for (int i = 0; i < 10; i++) {
                before.add(true);
                check(after.size() == i * m, "a party passed the barrier early");
                b.await();
                after.add(true);
                check(before.size() == (i + 1) * m, "a party passed the barrier early");
                b.await();
            }
            check(!b.isBroken(), "the barrier broke");
        });
        assertEquals(0, barrier.numberWaiting());
        assertFalse(barrier.isBroken());
        assertEquals(10 * N, after.size());
    }

    // Ports test_wait_return: exactly one party gets index 0.
    @Test
    void testWaitReturn() throws Exception {
        final BarrierProxy b = barrier;
        final BlockingQueue<Integer> queue = manager.queue();
        runParties(() -> queue.put(b.await()));
        final List<Integer> results = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            results.add(queue.poll(Await.HANG.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals(1, Collections.frequency(results, 0), results.toString());
    }

    // Ports test_action: the action runs once, in the server, before any party is released.
    @Test
    void testAction() throws Exception {
        final List<Boolean> results = manager.list();
        final BarrierProxy b = manager.barrier(N, () -> results.add(true), null);
        runParties(() -> {
            b.await();
            check(results.size() == 1, "a party was released before the action ran");
        });
        assertEquals(1, results.size());
    }

    // The last party gets what the action threw, and the barrier is broken (Python's _release breaks it too).
    @Test
    void actionThatThrowsShouldBreakTheBarrier() throws Exception {
        final BarrierProxy b = manager.barrier(1, () -> {
            throw new IllegalStateException("the action refuses");
        }, null);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, b::await);
        assertEquals("the action refuses", thrown.getMessage());
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, b::await);
    }

    // Ports test_abort: the party at N // 2 aborts, every other one sees the barrier broken.
    @Test
    void testAbort() throws Exception {
        final BarrierProxy b = barrier;
        final List<Boolean> results1 = manager.list();
        final List<Boolean> results2 = manager.list();
        runParties(() -> {
            try {
                if (b.await() == N / 2) {
                    b.abort();
                } else {
                    b.await();
                    results1.add(true);
                }
            } catch (final BrokenBarrierException e) {
                results2.add(true);
            }
        });
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Await.HANG));
    }

    // Ports test_reset: a reset frees the waiting parties, and the barrier is passed again.
    @Test
    void testReset() throws Exception {
        final BarrierProxy b = barrier;
        final List<Boolean> results1 = manager.list();
        final List<Boolean> results2 = manager.list();
        final List<Boolean> results3 = manager.list();
        runParties(() -> {
            if (b.await() == N / 2) {
                Await.until("the other parties wait", () -> b.numberWaiting() == N - 1);
                b.reset();
            } else {
                try {
                    b.await();
                    results1.add(true);
                } catch (final BrokenBarrierException e) {
                    results2.add(true);
                }
            }
            b.await();
            results3.add(true);
        });
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(N, results3.size());
    }

    // Ports test_abort_and_reset: a broken barrier works again after a reset.
    @Test
    void testAbortAndReset() throws Exception {
        final BarrierProxy b = barrier;
        final BarrierProxy b2 = manager.barrier(N);
        final List<Boolean> results1 = manager.list();
        final List<Boolean> results2 = manager.list();
        final List<Boolean> results3 = manager.list();
        runParties(() -> {
            try {
                if (b.await() == N / 2) {
                    b.abort();
                } else {
                    b.await();
                    results1.add(true);
                }
            } catch (final BrokenBarrierException e) {
                results2.add(true);
            }
            // Everyone has left the barrier before the reset, and nobody enters it before.
            if (b2.await() == N / 2) {
                b.reset();
            }
            b2.await();
            b.await();
            results3.add(true);
        });
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(N, results3.size());
    }

    // Ports test_timeout: one party is late (it waits until the others have broken the barrier, where CPython
    // sleeps); the others' wait(timeout) breaks it. Python raises BrokenBarrierError for the timeout too; here the
    // party whose time ran out gets TimeoutException, the rest BrokenBarrierException.
    @Test
    void testTimeout() throws Exception {
        final BarrierProxy b = barrier;
        final List<String> results = manager.list();
        runParties(() -> {
            if (b.await() == N / 2) {
                Await.until("the others' timeout broke the barrier", b::isBroken);
            }
            try {
                b.await(Duration.ofMillis(500));
                results.add("passed");
            } catch (final TimeoutException e) {
                results.add("timed out");
            } catch (final BrokenBarrierException e) {
                results.add("broken");
            }
        });
        assertEquals(N, results.size());
        assertFalse(results.contains("passed"), results.toString());
        assertTrue(results.contains("timed out"), results.toString());
        assertTrue(barrier.isBroken());
    }

    // Ports test_default_timeout: await() without a timeout uses the barrier's, and breaks it, as in Python.
    @Test
    void testDefaultTimeout() throws Exception {
        final BarrierProxy b = manager.barrier(N, null, Duration.ofMillis(500));
        final List<Boolean> results = manager.list();
        runParties(() -> {
            if (b.await(Await.HANG) == N / 2) {
                Await.until("the others' default timeout broke the barrier", b::isBroken);
            }
            try {
                b.await();
            } catch (final BrokenBarrierException e) {
                results.add(true);
            }
        });
        assertEquals(N, results.size());
        assertThrows(IllegalArgumentException.class, () -> manager.barrier(N, null, Duration.ofSeconds(-1)));
    }

    // Ports test_single_thread.
    @Test
    void testSingleThread() throws Exception {
        final BarrierProxy b = manager.barrier(1);
        assertEquals(0, b.await());
        assertEquals(0, b.await());
    }

    /** An assertion inside a party: a failure ends a child with exit code 1, which the test reports. */
    private static void check(final boolean condition, final String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
