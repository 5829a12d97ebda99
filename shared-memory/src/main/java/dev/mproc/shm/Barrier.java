package dev.mproc.shm;

import dev.mproc.Task;
import dev.mproc.shm.internal.BarrierDescriptor;
import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Pids;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier shared by processes (Python's {@code multiprocessing.Barrier}, Java's {@code CyclicBarrier}): each of
 * {@code parties} threads, in any processes, calls {@link #await()}, and all go on once the last arrives; then it
 * starts over. A timeout, an interrupt or {@link #abort()} breaks it: every waiter, and every later arrival until
 * {@link #reset()}, gets a {@link BrokenBarrierException}. A waiter spins briefly, yields, then parks in short,
 * growing naps (at most 0.5 ms).
 *
 * <p>Python's {@code Barrier(parties, action, timeout)} is {@link #create(int, Task, Duration)}. The <b>action</b>
 * runs once per generation, in the thread of the last party to arrive (in whichever process that is), before the
 * others are released; if it throws, the barrier breaks, the others get a {@link BrokenBarrierException} and the last
 * party gets the action's exception. The action is code, so it is not in the shared file: like Python's pickled
 * barrier, each process has the action its handle brought (a serializable lambda captured by a task, or sent through
 * a pipe), and an unrelated process attaching by name passes it to {@link #attach(String, Task)}; the file records
 * only that there is one, so that {@link #attach(String)} refuses such a barrier instead of silently skipping the
 * action. The <b>default timeout</b> is in the file: {@link #await()} waits at most that long in every process, and
 * then breaks the barrier and throws a {@link BrokenBarrierException} (Python's {@code BrokenBarrierError}), with a
 * {@link TimeoutException} as its cause.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> what every party did before arriving
 * happens-before what any party does after {@code await} returns. A party killed while waiting still counts as
 * arrived; one killed before arriving leaves the others waiting (use a timeout). A waiter that sleeps through two
 * resets in a row may return normally instead of failing. A party killed while running the action breaks the
 * barrier: the others notice within a few milliseconds and get a {@link BrokenBarrierException}. While the action
 * runs, the other parties' timeouts still count (unlike Python's, which cannot return before the action ends).
 * {@link #close()} is per process; the file goes when its last live user closes it.
 */
public final class Barrier extends SharedObject {

    private static final long serialVersionUID = 1L;
    private static final int STATE = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.STATE_OFFSET;
    private static final int LAST_RESET = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.LAST_RESET_OFFSET;
    private static final int FLAGS = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.FLAGS_OFFSET;
    private static final int DEFAULT_TIMEOUT = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.DEFAULT_TIMEOUT_OFFSET;
    private static final int ACTION_RUNNER = HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.ACTION_RUNNER_OFFSET;

    private final transient AtomicBuffer buffer;
    private final transient int parties;
    private final transient Task action;
    private final transient Duration defaultTimeout;

    private Barrier(final Segment segment, final Task action) throws IOException {
        super(segment, name -> attach(name, action));
        this.buffer = segment.buffer();
        this.parties = buffer.getInt(HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.PARTIES_OFFSET);
        this.action = action;
        final long timeout = buffer.getLong(DEFAULT_TIMEOUT);
        this.defaultTimeout = timeout == BarrierDescriptor.NO_TIMEOUT ? null : Duration.ofNanos(timeout);
        final boolean hasAction = (buffer.getInt(FLAGS) & BarrierDescriptor.HAS_ACTION) != 0;
        if (segment.bodyLength() != BarrierDescriptor.LENGTH || hasAction != (action != null)) {
            segment.close();
            throw new IOException(segment.bodyLength() != BarrierDescriptor.LENGTH
                ? "barrier '" + segment.name() + "' has a body of " + segment.bodyLength() + " bytes, this library's "
                    + "has " + BarrierDescriptor.LENGTH + ": made by another version"
                : hasAction ? "barrier '" + segment.name() + "' has an action: attach with Barrier.attach(name, action)"
                : "barrier '" + segment.name() + "' has no action: attach with Barrier.attach(name)");
        }
    }

    /**
     * Creates a barrier.
     *
     * @param parties how many threads must arrive, 1 or more
     * @return the barrier
     * @throws IOException when its file cannot be made
     */
    public static Barrier create(final int parties) throws IOException {
        return create(parties, null, null);
    }

    /**
     * Creates a barrier with an action and a default timeout, Python's {@code Barrier(parties, action, timeout)}.
     *
     * @param parties how many threads must arrive, 1 or more
     * @param action  what the last party to arrive runs before the others are released, once per generation, in its
     *                own process; or null
     * @param timeout how long {@link #await()} waits at most in every process, positive; or null for no limit
     * @return the barrier
     * @throws IOException when its file cannot be made
     */
    public static Barrier create(final int parties, final Task action, final Duration timeout) throws IOException {
        if (parties < 1) {
            throw new IllegalArgumentException("parties " + parties + " is not positive");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("default timeout " + timeout + " is not positive");
        }
        final long timeoutNanos = timeout == null ? BarrierDescriptor.NO_TIMEOUT : saturatedNanos(timeout);
        return new Barrier(Segment.create(Kind.BARRIER, null, BarrierDescriptor.LENGTH, buffer -> {
            buffer.putInt(HeaderDescriptor.BODY_OFFSET + BarrierDescriptor.PARTIES_OFFSET, parties);
            buffer.putInt(FLAGS, action == null ? 0 : BarrierDescriptor.HAS_ACTION);
            buffer.putLong(LAST_RESET, -1);
            buffer.putLong(ACTION_RUNNER, -1);
            buffer.putLong(DEFAULT_TIMEOUT, timeoutNanos);
        }), action);
    }

    /**
     * Attaches to a barrier without an action created by another process.
     *
     * @param name its {@link #name()}
     * @return the barrier
     * @throws IOException when there is no such barrier, the name is of something else, or the barrier has an action
     */
    public static Barrier attach(final String name) throws IOException {
        return attach(name, null);
    }

    /**
     * Attaches to a barrier created by another process with an action: this process runs the given action when one
     * of its threads is the last to arrive (pass the creator's action; nothing checks that it is the same).
     *
     * @param name   its {@link #name()}
     * @param action its action, or null for a barrier without one
     * @return the barrier
     * @throws IOException when there is no such barrier, the name is of something else, or the barrier has an action
     *                     and none is given, or the reverse
     */
    public static Barrier attach(final String name, final Task action) throws IOException {
        return new Barrier(Segment.attach(name, Kind.BARRIER), action);
    }

    /**
     * Arrives and waits for the other parties, at most the {@linkplain #getDefaultTimeout() default timeout}.
     *
     * @return this party's arrival index, 0 for the first to arrive to {@code parties - 1} for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier is then broken)
     * @throws BrokenBarrierException when the barrier is or gets broken or reset, when the default timeout passed (the
     *                                barrier is then broken; the cause is a {@link TimeoutException}), or when this
     *                                party ran the action and it threw a checked exception (the cause)
     * @throws RuntimeException       what the action threw, when this party ran it (the barrier is then broken)
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(defaultTimeout == null ? Waiter.forever(true) : Waiter.upTo(defaultTimeout));
        } catch (final TimeoutException e) {
            final BrokenBarrierException broken = new BrokenBarrierException("barrier " + name() + ": broken after "
                + "its default timeout of " + defaultTimeout);
            broken.initCause(e);
            throw broken;
        }
    }

    /**
     * Arrives and waits for the other parties, at most the given time.
     *
     * @param timeout how long to wait
     * @return this party's arrival index
     * @throws InterruptedException   when interrupted while waiting (the barrier is then broken)
     * @throws BrokenBarrierException when the barrier is or gets broken or reset, or this party ran the action and it
     *                                threw a checked exception (the cause)
     * @throws TimeoutException       when the time passed first (the barrier is then broken)
     * @throws RuntimeException       what the action threw, when this party ran it (the barrier is then broken)
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

    /** @return how long {@link #await()} waits at most, or empty for no limit (Python's {@code timeout}) */
    public Optional<Duration> getDefaultTimeout() {
        return Optional.ofNullable(defaultTimeout);
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
            if (arrived >= parties) {
                // The last party runs the action: this one belongs to the next generation.
                waitForNextGeneration(state, waiter);
            } else if (arrived + 1 == parties && action == null) {
                if (buffer.compareAndSetLong(STATE, state,
                    BarrierDescriptor.start(BarrierDescriptor.generation(state) + 1))) {
                    return arrived;
                }
            } else if (arrived + 1 == parties) {
                if (buffer.compareAndSetLong(STATE, state, state + 1)) {
                    return runActionAndRelease(BarrierDescriptor.generation(state), arrived);
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
            if ((state & BarrierDescriptor.ARRIVED_MASK) == parties && waiter.livenessCheckDue()
                && actionRunnerDied(generation) && breakGeneration(generation)) {
                throw new BrokenBarrierException("barrier " + name() + ": the party running the action died");
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

    /** An arrival beyond the parties, while the action runs, waits for it to end; its timeout breaks the barrier. */
    private void waitForNextGeneration(final long state, final Waiter waiter)
        throws InterruptedException, TimeoutException, BrokenBarrierException {
        final long generation = BarrierDescriptor.generation(state);
        if (waiter.livenessCheckDue() && actionRunnerDied(generation) && breakGeneration(generation)) {
            throw new BrokenBarrierException("barrier " + name() + ": the party running the action died");
        }
        final boolean waiting;
        try {
            waiting = waiter.idle();
        } catch (final InterruptedException e) {
            breakGeneration(BarrierDescriptor.generation(state));
            throw e;
        }
        if (!waiting && breakGeneration(BarrierDescriptor.generation(state))) {
            throw new TimeoutException("barrier " + name() + ": the action of the previous generation did not end in "
                + "time");
        }
    }

    private int runActionAndRelease(final long generation, final int index) throws BrokenBarrierException {
        buffer.putLongVolatile(ACTION_RUNNER, BarrierDescriptor.runner(generation, Pids.selfPid()));
        try {
            action.run();
        } catch (final RuntimeException | Error e) {
            breakGeneration(generation);
            throw e;
        } catch (final Exception e) {
            breakGeneration(generation);
            final BrokenBarrierException broken = new BrokenBarrierException("barrier " + name() + ": its action threw "
                + e);
            broken.initCause(e);
            throw broken;
        }
        while (true) {
            final long state = buffer.getLongVolatile(STATE);
            if (BarrierDescriptor.generation(state) != generation) {
                return ended(generation, index);
            }
            if ((state & BarrierDescriptor.RESETTING) != 0) {
                finishReset(state);
            } else if ((state & BarrierDescriptor.BROKEN) != 0) {
                // Aborted, or a waiter's timeout passed, while the action ran.
                throw new BrokenBarrierException();
            } else if (buffer.compareAndSetLong(STATE, state, BarrierDescriptor.start(generation + 1))) {
                return index;
            }
        }
    }

    /** @return whether the party that runs this generation's action is known to have died */
    private boolean actionRunnerDied(final long generation) {
        final long runner = buffer.getLongVolatile(ACTION_RUNNER);
        return BarrierDescriptor.runnerGeneration(runner) == (generation & 0xFFFF_FFFFL)
            && !segment.isPidAlive(BarrierDescriptor.runnerPid(runner));
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

    private static long saturatedNanos(final Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (final ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
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
