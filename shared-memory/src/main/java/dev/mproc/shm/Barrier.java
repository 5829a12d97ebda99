package dev.mproc.shm;

import dev.mproc.shm.internal.BarrierDescriptor;
import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A barrier shared by processes (Python's {@code multiprocessing.Barrier}, Java's {@code CyclicBarrier}): each of
 * {@code parties} threads, in any processes, calls {@link #await()}, and all go on once the last arrives; then it
 * starts over. A timeout, an interrupt or {@link #abort()} breaks it: every waiter, and every later arrival until
 * {@link #reset()}, gets a {@link BrokenBarrierException}. A waiter spins briefly, yields, then parks in short,
 * growing naps (at most 0.5 ms).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> what every party did before arriving
 * happens-before what any party does after {@code await} returns. A party killed while waiting still counts as
 * arrived; one killed before arriving leaves the others waiting (use a timeout). A waiter that sleeps through two
 * resets in a row may return normally instead of failing. {@link #close()} is per process; the file goes when its
 * last live user closes it.
 */
public final class Barrier extends SharedObject {

    private static final long serialVersionUID = 1L;
    private static final int STATE = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.STATE_OFFSET;
    private static final int LAST_RESET = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.LAST_RESET_OFFSET;

    private final transient AtomicBuffer buffer;
    private final transient int parties;

    private Barrier(final Segment segment) {
        super(segment, Barrier::attach);
        this.buffer = segment.buffer();
        this.parties = buffer.getInt(HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.PARTIES_OFFSET);
    }

    /**
     * Creates a barrier.
     *
     * @param parties how many threads must arrive, 1 or more
     * @return the barrier
     * @throws IOException when its file cannot be made
     */
    public static Barrier create(final int parties) throws IOException {
        if (parties < 1) {
            throw new IllegalArgumentException("parties " + parties + " is not positive");
        }
        return new Barrier(Segment.create(Kind.BARRIER, null, BarrierDescriptor.LENGTH, buffer -> {
            buffer.putInt(HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.PARTIES_OFFSET, parties);
            buffer.putLong(LAST_RESET, -1);
        }));
    }

    /**
     * Attaches to a barrier created by another process.
     *
     * @param name its {@link #name()}
     * @return the barrier
     * @throws IOException when there is no such barrier, or the name is of something else
     */
    public static Barrier attach(final String name) throws IOException {
        return new Barrier(Segment.attach(name, Kind.BARRIER));
    }

    /**
     * Arrives and waits for the other parties.
     *
     * @return this party's arrival index, 0 for the first to arrive to {@code parties - 1} for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier is then broken)
     * @throws BrokenBarrierException when the barrier is or gets broken or reset
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(Waiter.forever(true));
        } catch (final TimeoutException e) {
            throw new AssertionError("a waiter without a deadline timed out", e);
        }
    }

    /**
     * Arrives and waits for the other parties, at most the given time.
     *
     * @param timeout how long to wait
     * @return this party's arrival index
     * @throws InterruptedException   when interrupted while waiting (the barrier is then broken)
     * @throws BrokenBarrierException when the barrier is or gets broken or reset
     * @throws TimeoutException       when the time passed first (the barrier is then broken)
     */
    public int await(final Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(Waiter.upTo(timeout));
    }

    /** Breaks the barrier: every waiter and later arrival gets a {@link BrokenBarrierException} until reset. */
    public void abort() {
        ensureOpen();
        while (true) {
            final long state = buffer.getLongVolatile(STATE);
            if ((state & BarrierDescriptor.RESETTING) != 0) {
                finishReset(state);
            } else if ((state & BarrierDescriptor.BROKEN) != 0
                || buffer.compareAndSetLong(STATE, state, state | BarrierDescriptor.BROKEN)) {
                return;
            }
        }
    }

    /**
     * Starts over: current waiters get a {@link BrokenBarrierException}, later arrivals a fresh barrier. A party that
     * arrives while a reset is under way waits in the fresh generation; it never sees the reset as a break.
     */
    public void reset() {
        ensureOpen();
        while (true) {
            long state = buffer.getLongVolatile(STATE);
            if ((state & BarrierDescriptor.RESETTING) == 0) {
                if (!buffer.compareAndSetLong(STATE, state, state | BarrierDescriptor.RESETTING)) {
                    continue;
                }
                state |= BarrierDescriptor.RESETTING;
            }
            if (finishReset(state)) {
                return;
            }
        }
    }

    /** @return whether the barrier is broken */
    public boolean isBroken() {
        return (buffer.getLongVolatile(STATE) & BarrierDescriptor.BROKEN) != 0;
    }

    /** @return how many parties are waiting now (a snapshot) */
    public int getNumberWaiting() {
        return (int) (buffer.getLongVolatile(STATE) & BarrierDescriptor.ARRIVED_MASK);
    }

    /** @return how many parties must arrive */
    public int getParties() {
        return parties;
    }

    private int await(final Waiter waiter) throws InterruptedException, BrokenBarrierException, TimeoutException {
        ensureOpen();
        final long generation;
        final int index;
        while (true) {
            final long state = buffer.getLongVolatile(STATE);
            if ((state & BarrierDescriptor.RESETTING) != 0) {
                finishReset(state);
                continue;
            }
            if ((state & BarrierDescriptor.BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            final int arrived = (int) (state & BarrierDescriptor.ARRIVED_MASK);
            if (arrived + 1 == parties) {
                if (buffer.compareAndSetLong(STATE, state,
                    BarrierDescriptor.start(BarrierDescriptor.generation(state) + 1))) {
                    return arrived;
                }
            } else if (buffer.compareAndSetLong(STATE, state, state + 1)) {
                generation = BarrierDescriptor.generation(state);
                index = arrived;
                break;
            }
        }
        while (true) {
            final long state = buffer.getLongVolatile(STATE);
            if (BarrierDescriptor.generation(state) != generation) {
                return ended(generation, index);
            }
            if ((state & BarrierDescriptor.RESETTING) != 0) {
                finishReset(state);
                continue;
            }
            if ((state & BarrierDescriptor.BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            final boolean waiting;
            try {
                waiting = waiter.idle();
            } catch (final InterruptedException e) {
                if (breakGeneration(generation)) {
                    throw e;
                }
                Thread.currentThread().interrupt();
                return ended(generation, index);
            }
            if (!waiting) {
                if (breakGeneration(generation)) {
                    throw new TimeoutException("barrier " + name() + ": " + getNumberWaiting() + " of " + parties
                        + " parties arrived in time");
                }
                return ended(generation, index);
            }
        }
    }

    private int ended(final long generation, final int index) throws BrokenBarrierException {
        if (buffer.getLongVolatile(LAST_RESET) == generation) {
            throw new BrokenBarrierException();
        }
        return index;
    }

    /**
     * Ends a generation being reset: records it as reset, then moves to the next one. Whoever sees the reset under way
     * finishes it (the record and the move are the same whoever makes them), so a resetting process killed midway
     * leaves no barrier stuck.
     *
     * @param state a state word with {@link BarrierDescriptor#RESETTING} set
     * @return whether the generation has moved on
     */
    private boolean finishReset(final long state) {
        final long generation = BarrierDescriptor.generation(state);
        buffer.putLongVolatile(LAST_RESET, generation);
        return buffer.compareAndSetLong(STATE, state, BarrierDescriptor.start(generation + 1))
            || BarrierDescriptor.generation(buffer.getLongVolatile(STATE)) != generation;
    }

    /** @return false when the generation had already ended (released or reset) */
    private boolean breakGeneration(final long generation) {
        while (true) {
            final long state = buffer.getLongVolatile(STATE);
            if (BarrierDescriptor.generation(state) != generation) {
                return false;
            }
            if ((state & BarrierDescriptor.RESETTING) != 0) {
                finishReset(state);
                continue;
            }
            if ((state & BarrierDescriptor.BROKEN) != 0
                || buffer.compareAndSetLong(STATE, state, state | BarrierDescriptor.BROKEN)) {
                return true;
            }
        }
    }
}
