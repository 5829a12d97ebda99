package dev.mproc.manager.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects a server holds, by id, with their reference counts: one per client session that references the object,
 * plus one per proxy to it held inside the server (a list stored in a dict). An object whose count drops to zero is
 * freed.
 *
 * <p><b>Thread safety:</b> safe for concurrent use; counts change under this table's monitor; calls on an
 * {@code atomic} object run under the object's monitor, so each is one atomic step.
 */
final class ObjectTable {

    /** One served object. */
    static final class Entry {
        final Object target;
        final MethodTable table;
        final boolean atomic;
        int refs;

        Entry(final Object target, final MethodTable table, final boolean atomic) {
            this.target = target;
            this.table = table;
            this.atomic = atomic;
        }
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(Protocol.CONTROL_ID);

    /** Adds the control object, which is never freed. */
    void addControl(final ServerControl control) {
        final Entry entry = new Entry(control, MethodTable.of(ServerControl.class), false);
        entry.refs = Integer.MAX_VALUE;
        entries.put(Protocol.CONTROL_ID, entry);
    }

    /** Adds an object with no references yet; the creator increfs it. */
    long add(final Object target, final Class<?> iface, final boolean atomic) {
        final long id = ids.incrementAndGet();
        entries.put(id, new Entry(target, MethodTable.of(iface), atomic));
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

    synchronized void decref(final long id) {
        final Entry entry = entries.get(id);
        if (entry != null && entry.refs != Integer.MAX_VALUE && --entry.refs <= 0) {
            entries.remove(id);
        }
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
         * @param args the arguments
         * @return what the method returned
         * @throws Throwable what the method threw (unwrapped), or why it could not be called
         */
        Object invoke(final Object[] args) throws Throwable {
            if (target.getParameterCount() != args.length) {
                throw new IllegalArgumentException(entry.table.describe(number) + " takes "
                    + target.getParameterCount() + " arguments, not " + args.length);
            }
            try {
                if (entry.atomic) {
                    synchronized (entry.target) {
                        return target.invoke(entry.target, args);
                    }
                }
                return target.invoke(entry.target, args);
            } catch (final InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
