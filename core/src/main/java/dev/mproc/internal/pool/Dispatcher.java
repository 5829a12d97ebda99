package dev.mproc.internal.pool;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The pool's dispatch policy, as plain logic: which pending unit goes to which worker, what a unit's end means (its
 * work's function dropped by the workers when it was the last), what becomes of the units of a worker lost. It sends
 * nothing, starts nothing and waits for nothing: what it decides goes to the {@link Orders} it is given, which the
 * engine carries out after releasing its lock.
 *
 * <p>The rules: units go out in submission order (the units of a lost worker that it never started go back to the
 * front); a worker runs one unit at a time, and is given a second before it answers the first only while units of that
 * work run in under {@link #FAST_UNIT_NANOS} (as the worker measures them, so a busy machine's scheduling delays do
 * not count), which hides the round trip of tiny tasks while a slow unit never holds another back by more than that; a
 * worker is given at most {@code maxTasks} units in its life (it retires then, and a replacement takes over); workers
 * are served in the order they were added; the units of a work whose results are no longer wanted are skipped; once
 * the pool is broken every pending unit fails with why, and once it is terminated nothing is handed out.
 *
 * <p>Thread safety: none of its own. The engine calls it under the pool's lock, which guards all its state and the
 * dispatch fields of {@link Work} ({@code unitsLeft}, {@code open}, {@code fast}).
 *
 * @param <W> how the caller names a worker: the engine's {@link WorkerLink}, anything in a test
 */
final class Dispatcher<W> {

    /** Units that come back faster than this may be queued two deep at a worker. */
    static final long FAST_UNIT_NANOS = 1_000_000L;

    /** What the dispatcher decided; carried out by the caller once it has released its lock. */
    interface Orders<W> {

        /**
         * Sends a unit to a worker.
         *
         * @param worker       the worker
         * @param unit         the unit
         * @param withFunction whether the worker does not hold the unit's function yet, so it goes along
         */
        void send(W worker, Unit unit, boolean withFunction);

        /** Tells a worker to drop the function of a work that is over. */
        void forget(W worker, long workId);

        /** A unit fails: it will not run (again). */
        void fail(Unit unit, Throwable cause);

        /** A unit is skipped: its work's results are no longer wanted. */
        void skip(Unit unit);
    }

    /** What the dispatcher knows of one worker. */
    private static final class Load {
        /** Whether the worker said hello, so it may be given units. */
        boolean ready;
        /** Units given and not yet answered, oldest first: the first is the one the worker is running. */
        final ArrayDeque<Unit> inFlight = new ArrayDeque<>();
        /** Units ever given to it, for {@code maxTasks}. */
        int assigned;
        /** Works whose function it holds. */
        final Set<Long> knownWork = new HashSet<>();
    }

    /** Units a worker runs before it retires, 0 for no limit. */
    private final int maxTasks;
    private final ArrayDeque<Unit> pending = new ArrayDeque<>();
    /** The workers, starting or ready, in the order they were added (the order they are served in). */
    private final Map<W, Load> workers = new LinkedHashMap<>();
    /** Why no work can run any more (the initializer failed, workers cannot start), or null. */
    private Throwable broken;
    /** Whether the pool was terminated: nothing is handed out any more. */
    private boolean terminated;

    /** @param maxTasks units a worker runs before it retires, 0 for no limit */
    Dispatcher(final int maxTasks) {
        this.maxTasks = maxTasks;
    }

    /** A worker is starting: it is served, in its turn, once it is {@link #ready}. */
    void add(final W worker) {
        workers.put(worker, new Load());
    }

    /** A worker said hello: it may be given units (at the next {@link #pump}). */
    void ready(final W worker) {
        final Load load = workers.get(worker);
        if (load != null) {
            load.ready = true;
        }
    }

    /** Queues a unit behind those pending (at the next {@link #pump} it may go out); its work has one more unit. */
    void queue(final Unit unit) {
        unit.work.unitsLeft++;
        pending.addLast(unit);
    }

    /**
     * Hands pending units to ready workers with room, in order; fails them all when the pool is broken, and hands out
     * nothing once it is terminated. Call after anything that may free a worker or bring a unit.
     */
    void pump(final Orders<W> orders) {
        if (broken != null) {
            Unit unit;
            while ((unit = pending.pollFirst()) != null) {
                over(unit, orders);
                orders.fail(unit, broken);
            }
            return;
        }
        if (terminated) {
            return;
        }
        for (final Map.Entry<W, Load> entry : workers.entrySet()) {
            final Load load = entry.getValue();
            if (!load.ready) {
                continue;
            }
            while (true) {
                Unit next = pending.peekFirst();
                while (next != null && next.work.sink.isDone()) {
                    pending.pollFirst();
                    over(next, orders);
                    orders.skip(next);
                    next = pending.peekFirst();
                }
                if (next == null) {
                    return;
                }
                final int depth = next.work.fast ? 2 : 1;
                if (load.inFlight.size() >= depth || (maxTasks > 0 && load.assigned >= maxTasks)) {
                    break;
                }
                pending.pollFirst();
                assign(entry.getKey(), load, next, orders);
            }
        }
    }

    private void assign(final W worker, final Load load, final Unit unit, final Orders<W> orders) {
        load.inFlight.addLast(unit);
        load.assigned++;
        final boolean withFunction = !load.knownWork.contains(unit.work.id);
        if (withFunction && unit.work.keep) {
            load.knownWork.add(unit.work.id);
        }
        orders.send(worker, unit, withFunction);
    }

    /**
     * A worker answered: the unit it was running is over. Its run time decides whether units of its work may queue
     * two deep.
     *
     * @param worker   the worker
     * @param unitId   the unit it says it answered
     * @param runNanos how long the unit ran, as the worker measured it
     * @param orders   where the decisions go
     * @return the unit answered; null, with nothing changed, when that is not the unit the worker was running
     */
    Unit answered(final W worker, final long unitId, final long runNanos, final Orders<W> orders) {
        final Load load = workers.get(worker);
        final Unit unit = load == null ? null : load.inFlight.peekFirst();
        if (unit == null || unit.id != unitId) {
            return null;
        }
        load.inFlight.pollFirst();
        unit.work.fast = runNanos < FAST_UNIT_NANOS;
        over(unit, orders);
        return unit;
    }

    /**
     * Forgets a worker that is gone (lost, or retired). It ran one unit at a time, so the unit it was running is the
     * oldest it had not answered: that one is returned, for the caller to {@link #fail} with why the worker is gone;
     * the units queued behind it, never started, go back to the front of the queue in their order.
     *
     * @param worker the worker
     * @return the unit it was running, or null
     */
    Unit lose(final W worker) {
        final Load load = workers.remove(worker);
        if (load == null) {
            return null;
        }
        final Unit running = load.inFlight.pollFirst();
        for (final Iterator<Unit> behind = load.inFlight.descendingIterator(); behind.hasNext(); ) {
            pending.addFirst(behind.next());
        }
        load.inFlight.clear();
        return running;
    }

    /** Fails a unit that no worker holds (the one a lost worker was running): it will not run again. */
    void fail(final Unit unit, final Throwable cause, final Orders<W> orders) {
        over(unit, orders);
        orders.fail(unit, cause);
    }

    /**
     * An open work takes no more units; when none of its units is left, the workers drop its function.
     *
     * @return false when it was ended already
     */
    boolean endWork(final Work work, final Orders<W> orders) {
        if (!work.open) {
            return false;
        }
        work.open = false;
        if (work.unitsLeft == 0) {
            forget(work, orders);
        }
        return true;
    }

    /**
     * Work can no longer run: from the next {@link #pump}, every pending unit fails with this cause. The first cause
     * stays.
     */
    void breakWith(final Throwable cause) {
        if (broken == null) {
            broken = cause;
        }
    }

    /** @return why work can no longer run, or null */
    Throwable broken() {
        return broken;
    }

    /**
     * The pool is terminated: every unit pending or given to a worker fails with the cause, and nothing is handed out
     * any more. The workers are not told to drop functions (they are being terminated).
     */
    void terminate(final Throwable cause, final Orders<W> orders) {
        terminated = true;
        Unit unit;
        while ((unit = pending.pollFirst()) != null) {
            orders.fail(unit, cause);
        }
        for (final Load load : workers.values()) {
            while ((unit = load.inFlight.pollFirst()) != null) {
                orders.fail(unit, cause);
            }
        }
    }

    /** @return the number of units waiting for a worker */
    int pendingCount() {
        return pending.size();
    }

    /** A unit will not run (again); when it was its work's last, the workers drop the work's function. */
    private void over(final Unit unit, final Orders<W> orders) {
        if (--unit.work.unitsLeft == 0 && !unit.work.open) {
            forget(unit.work, orders);
        }
    }

    /** Tells the workers that hold the function of a work that is over to drop it. */
    private void forget(final Work work, final Orders<W> orders) {
        if (!work.keep) {
            return;
        }
        for (final Map.Entry<W, Load> entry : workers.entrySet()) {
            if (entry.getValue().knownWork.remove(work.id)) {
                orders.forget(entry.getKey(), work.id);
            }
        }
    }
}
