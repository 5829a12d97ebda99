package dev.mproc.manager.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The objects a server holds, by id, with their reference counts: one per client session that references the object,
 * plus one per proxy to it held inside the server (a list stored in a dict). An object whose count drops to zero is
 * freed.
 *
 * <p><b>Thread safety:</b> safe for concurrent use; counts change under this table's monitor. Calls on an object run
 * concurrently unless it is {@code serialized}: then they take turns, one at a time per target (entries that hold
 * the same object, as a factory that returns one shared object makes, share one turn).
 */
final class ObjectTable {

    /** One served object. */
    static final class Entry {
        final Object target;
        final MethodTable table;
        /** The turn its calls take, or null when they run concurrently. */
        final Turn turn;
        /** Whether it is of a registered type, whose blocking calls the {@link PeerWatch} watches. */
        final boolean registered;
        int refs;

        Entry(final Object target, final MethodTable table, final Turn turn, final boolean registered) {
            this.target = target;
            this.table = table;
            this.turn = turn;
            this.registered = registered;
        }
    }

    /** The one-call-at-a-time lock of a serialized target, shared by the entries that hold it. */
    static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        /** How many entries hold the target; changed under the table's monitor. */
        int entries;
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    /** The turns of serialized targets, by identity; changed under this table's monitor. */
    private final Map<Object, Turn> turns = new IdentityHashMap<>();
    private final AtomicLong ids = new AtomicLong(Protocol.CONTROL_ID);

    /** Adds the control object, which is never freed. */
    void addControl(final ServerControl control) {
        final Entry entry = new Entry(control, MethodTable.of(ServerControl.class), null, false);
        entry.refs = Integer.MAX_VALUE;
        entries.put(Protocol.CONTROL_ID, entry);
    }

    /**
     * Adds an object with no references yet; the creator increfs it.
     *
     * @param target     the object
     * @param iface      the interface its proxies call
     * @param serialized whether its calls take turns rather than run concurrently
     * @param registered whether it is of a user's registered type
     * @return its id
     */
    synchronized long add(final Object target, final Class<?> iface, final boolean serialized,
                          final boolean registered) {
        final MethodTable table = MethodTable.of(iface);
        Turn turn = null;
        if (serialized) {
            turn = turns.computeIfAbsent(target, ignored -> new Turn());
            turn.entries++;
        }
        final long id = ids.incrementAndGet();
        entries.put(id, new Entry(target, table, turn, registered));
        return id;
    }

    /**
     * @param id an object id
     * @return the entry
     * @throws NoSuchElementException when the object does not exist (any more)
     */
    Entry get(final long id) {
        final Entry entry = entries.get(id);
        if (entry == null) {
            throw new NoSuchElementException("shared object #" + id + " does not exist on this manager (it was freed"
                + " when no process referenced it any more)");
        }
        return entry;
    }

    synchronized void incref(final long id) {
        get(id).refs++;
    }

    /** Drops a reference; the last one frees the object, and disposes of what it holds (a pool's workers). */
    void decref(final long id) {
        final Object freed;
        synchronized (this) {
            final Entry entry = entries.get(id);
            if (entry == null || entry.refs == Integer.MAX_VALUE || --entry.refs > 0) {
                return;
            }
            entries.remove(id);
            if (entry.turn != null && --entry.turn.entries == 0) {
                turns.remove(entry.target);
            }
            freed = entry.target;
        }
        if (freed instanceof Disposable && !holds(freed)) {
            ((Disposable) freed).dispose();
        }
    }

    /** @return whether another entry still holds the object (a factory may return one object many times) */
    private boolean holds(final Object target) {
        for (final Entry entry : entries.values()) {
            if (entry.target == target) {
                return true;
            }
        }
        return false;
    }

    /** @return the number of shared objects, not counting the control object */
    int size() {
        return entries.size() - 1;
    }

    /** @return every served object */
    List<Object> targets() {
        final List<Object> targets = new ArrayList<>();
        entries.values().forEach(entry -> targets.add(entry.target));
        return targets;
    }

    /**
     * Calls a method of an object.
     *
     * @param id     the object
     * @param method the method number
     * @param args   the arguments
     * @return what the method returned
     * @throws Throwable what the method threw (unwrapped), or why it could not be called
     */
    Object invoke(final long id, final int method, final Object[] args) throws Throwable {
        return resolve(id, method).invoke(args);
    }

    /**
     * Finds the object and the method a request names, before a byte of its arguments is decoded.
     *
     * @param id     the object
     * @param method the method number
     * @return the call, ready for its arguments
     * @throws RuntimeException when there is no such object or method (the message says which)
     */
    Call resolve(final long id, final int method) {
        final Entry entry = get(id);
        return new Call(entry, entry.table.method(method), method);
    }

    /** A method of a served object, found; {@link #invoke} runs it. */
    final class Call {
        private final Entry entry;
        private final Method target;
        private final int number;

        private Call(final Entry entry, final Method target, final int number) {
            this.entry = entry;
            this.target = target;
            this.number = number;
        }

        /**
         * @return whether the call should be watched for its client's departure: a method of a registered type that
         *         declares {@link InterruptedException}, which may block in an interruptible wait
         */
        boolean watched() {
            return entry.registered && entry.table.interruptible(number);
        }

        /**
         * @param args the arguments
         * @return what the method returned
         * @throws Throwable what the method threw (unwrapped), or why it could not be called
         */
        Object invoke(final Object[] args) throws Throwable {
            if (target.getParameterCount() != args.length) {
                throw new IllegalArgumentException(entry.table.describe(number) + " takes "
                    + target.getParameterCount() + " arguments, not " + args.length);
            }
            if (entry.turn == null) {
                return run(args);
            }
            CallContext.lockInSlices(entry.turn.lock);
            try {
                return run(args);
            } finally {
                entry.turn.lock.unlock();
            }
        }

        private Object run(final Object[] args) throws Throwable {
            try {
                return target.invoke(entry.target, args);
            } catch (final InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
