package dev.mproc.shm.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for a word in shared memory to change, since another process cannot wake it: spin briefly, then
 * yield, then park with a backoff that doubles from {@value #MIN_PARK_NANOS} ns up to {@value #MAX_PARK_NANOS} ns,
 * so a long wait costs a few thousand short wake-ups a second (well under 1% of a core) and a release is noticed
 * within about {@value #MAX_PARK_NANOS} ns plus the scheduler's delay. Deadlines are local to the waiting thread
 * ({@code System.nanoTime()} never crosses a process). One waiter per wait; not shared between threads.
 *
 * <p><b>Thread safety:</b> confined to one thread. <b>Process safety:</b> local.
 */
public final class Waiter {

    /** Busy spins before yielding. */
    public static final long SPINS = 40;
    /** The most busy spins of one idle while spinning. */
    public static final int MAX_SPIN_BATCH = 16;
    /** Yields before parking. */
    public static final long YIELDS = 50;
    /** The first park. */
    public static final long MIN_PARK_NANOS = 1_000;
    /** The longest park, which bounds how late a waiter notices a release. */
    public static final long MAX_PARK_NANOS = 500_000;
    /** How often a waiter checks whether the process it waits for is still alive. */
    public static final long LIVENESS_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How many times {@link #idle()} has waited. */
    private long idles;
    /** The next park, once spinning and yielding are over. */
    private long parkNanos = MIN_PARK_NANOS;
    private final boolean interruptible;
    private final long deadline;
    private final boolean timed;
    private long nextLivenessCheck;

    private Waiter(final boolean interruptible, final Duration timeout) {
        this.interruptible = interruptible;
        this.timed = timeout != null;
        final long now = System.nanoTime();
        this.deadline = timed ? now + saturatedNanos(timeout) : 0;
        this.nextLivenessCheck = now + LIVENESS_PERIOD_NANOS;
    }

    /**
     * @param interruptible whether {@link #idle()} throws when the thread is interrupted
     * @return a waiter that never times out
     */
    public static Waiter forever(final boolean interruptible) {
        return new Waiter(interruptible, null);
    }

    /**
     * @param timeout how long to wait at most; zero or negative means do not wait
     * @return an interruptible waiter with a deadline
     */
    public static Waiter upTo(final Duration timeout) {
        return new Waiter(true, timeout);
    }

    /**
     * Waits a little, the wait growing the longer this waiter has waited.
     *
     * @return false when the deadline has passed (the caller gives up)
     * @throws InterruptedException when interruptible and the thread is interrupted
     */
    public boolean idle() throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (timed && System.nanoTime() - deadline >= 0) {
            return false;
        }
        if (idles < SPINS) {
            spin();
        } else if (idles < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
        }
        idles++;
        return true;
    }

    /**
     * Spins a random number of times, the bound doubling with each idle up to {@value #MAX_SPIN_BATCH}: a waiter that
     * polled at a fixed rate could fall into step with the holder's loop and either win every release or none (the
     * figures of a contended lock then settle at one of two levels, at random).
     */
    private void spin() {
        final int bound = (int) Math.min(1L << Math.min(idles, 31), MAX_SPIN_BATCH);
        for (int i = ThreadLocalRandom.current().nextInt(bound) + 1; i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /**
     * Whether it is time to check that the process holding what this waiter waits for is alive; true at most once
     * per {@link #LIVENESS_PERIOD_NANOS}, and never while the waiter still spins.
     *
     * @return true when a check is due
     */
    public boolean livenessCheckDue() {
        if (idles < SPINS) {
            // A spinning waiter reads no clock: a spin is a few nanoseconds, a clock read tens of them.
            return false;
        }
        final long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_PERIOD_NANOS;
            return true;
        }
        return false;
    }

    /** @return whether a deadline has passed */
    public boolean expired() {
        return timed && System.nanoTime() - deadline >= 0;
    }

    private static long saturatedNanos(final Duration timeout) {
        try {
            return Math.max(0, timeout.toNanos());
        } catch (final ArithmeticException e) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE / 2;
        }
    }
}
