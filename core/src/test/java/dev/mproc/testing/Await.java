package dev.mproc.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way a test waits: on state it can observe (a probe, a count, a file a child writes), polled until it holds.
 * Never on a sleep, which passes without testing anything when the other JVM is slower than the sleep.
 *
 * <p>Usable in child processes too: their class path is the test's.
 */
public final class Await {

    /**
     * How long a test waits for anything before it calls it a hang. It bounds a hang, not a speed: a loaded machine
     * starts a JVM in seconds, so this is far longer than anything should take.
     */
    public static final Duration HANG = Duration.ofSeconds(60);

    /** How long a child that waits to be killed lives if nobody kills it, so that a failed test leaks nothing. */
    private static final Duration UNKILLED = Duration.ofMinutes(5);

    private static final long POLL_NANOS = 5_000_000L;

    private Await() {
    }

    /** A condition a test polls; it may throw, which fails the wait. */
    @FunctionalInterface
    public interface Condition {

        /** @return whether the awaited state holds */
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds, failing with the description after {@link #HANG}. */
    public static void until(final String what, final Condition condition) throws Exception {
        until(what, condition, HANG);
    }

    /** Waits until the condition holds, failing with the description after the timeout. */
    public static void until(final String what, final Condition condition, final Duration timeout) throws Exception {
        if (!within(timeout, condition)) {
            throw new AssertionError(what + ": not within " + timeout);
        }
    }

    /** @return whether the condition held within the timeout (polled until then) */
    public static boolean within(final Duration timeout, final Condition condition) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for a condition");
            }
        }
        return true;
    }

    /**
     * Stands for work that takes some time, inside a task, where no assertion depends on how long it takes: it
     * widens the window in which a broken lock or a missing wait would show, or keeps a unit from looking instant.
     */
    public static void work(final Duration length) throws InterruptedException {
        final long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() - end < 0) {
            LockSupport.parkNanos(end - System.nanoTime());
            if (Thread.interrupted()) {
                throw new InterruptedException("working");
            }
        }
    }

    /**
     * Blocks a task that is there to be killed, terminated or cancelled. It returns after some minutes, so that a
     * test that fails before it kills the task leaves no process behind for long.
     */
    public static void untilKilled() throws InterruptedException {
        final long deadline = System.nanoTime() + UNKILLED.toNanos();
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(deadline - System.nanoTime());
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting to be killed");
            }
        }
    }
}
