package dev.mproc.manager.internal;

import dev.mproc.manager.JoinableQueueProxy;
import java.io.Serializable;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The proxy of a managed queue: a {@link java.util.concurrent.BlockingQueue} (and joinable) whose every method is one
 * call to the server; blocking calls wait on the server and honour interruption here. Iterators walk a snapshot
 * taken in one call; their {@code remove()} removes the first element equal to the one returned (one call), so
 * {@code removeIf} and {@code removeAll} work too, an element at a time.
 */
final class QueueProxy<E> extends AbstractQueue<E> implements JoinableQueueProxy<E>, ManagedProxy, Serializable {

    private static final long serialVersionUID = 1L;

    private static final MethodTable T = MethodTable.of(QueueOps.class);
    private static final int OFFER = T.indexOf("offer", Object.class);
    private static final int PUT = T.indexOf("put", Object.class);
    private static final int OFFER_TIMED = T.indexOf("offer", Object.class, long.class);
    private static final int POLL = T.indexOf("poll");
    private static final int TAKE = T.indexOf("take");
    private static final int POLL_TIMED = T.indexOf("poll", long.class);
    private static final int PEEK = T.indexOf("peek");
    private static final int SIZE = T.indexOf("size");
    private static final int REMAINING_CAPACITY = T.indexOf("remainingCapacity");
    private static final int REMOVE = T.indexOf("remove", Object.class);
    private static final int CONTAINS = T.indexOf("contains", Object.class);
    private static final int CLEAR = T.indexOf("clear");
    private static final int SNAPSHOT = T.indexOf("snapshot");
    private static final int DRAIN = T.indexOf("drain", int.class);
    private static final int TASK_DONE = T.indexOf("taskDone");
    private static final int JOIN = T.indexOf("join");
    private static final int TO_STRING = T.indexOf("toString");

    private final transient ObjectRef ref;

    QueueProxy(final ObjectRef ref) {
        this.ref = ref;
    }

    @Override
    public ObjectRef ref() {
        return ref;
    }

    @Override
    public boolean offer(final E element) {
        return (Boolean) ref.call(OFFER, Objects.requireNonNull(element, "element"));
    }

    @Override
    public void put(final E element) throws InterruptedException {
        ref.callInterruptibly(PUT, Objects.requireNonNull(element, "element"));
    }

    @Override
    public boolean offer(final E element, final long timeout, final TimeUnit unit) throws InterruptedException {
        return (Boolean) ref.callInterruptibly(OFFER_TIMED, Objects.requireNonNull(element, "element"),
            unit.toNanos(timeout));
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        return (E) ref.call(POLL);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E take() throws InterruptedException {
        return (E) ref.callInterruptibly(TAKE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return (E) ref.callInterruptibly(POLL_TIMED, unit.toNanos(timeout));
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) ref.call(PEEK);
    }

    @Override
    public int size() {
        return (Integer) ref.call(SIZE);
    }

    @Override
    public int remainingCapacity() {
        return (Integer) ref.call(REMAINING_CAPACITY);
    }

    @Override
    public boolean remove(final Object element) {
        return (Boolean) ref.call(REMOVE, element);
    }

    @Override
    public boolean contains(final Object element) {
        return (Boolean) ref.call(CONTAINS, element);
    }

    @Override
    public void clear() {
        ref.call(CLEAR);
    }

    @SuppressWarnings("unchecked")
    private List<E> snapshot() {
        return Collections.unmodifiableList((List<E>) ref.call(SNAPSHOT));
    }

    @Override
    public Iterator<E> iterator() {
        return SnapshotIterator.of(snapshot().iterator(), this::remove);
    }

    @Override
    public Object[] toArray() {
        return snapshot().toArray();
    }

    @Override
    public <T> T[] toArray(final T[] target) {
        return snapshot().toArray(target);
    }

    @Override
    public int drainTo(final Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public int drainTo(final Collection<? super E> target, final int maxElements) {
        if (target == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        final List<E> drained = (List<E>) ref.call(DRAIN, maxElements);
        target.addAll(drained);
        return drained.size();
    }

    @Override
    public void taskDone() {
        ref.call(TASK_DONE);
    }

    @Override
    public void join() throws InterruptedException {
        ref.callInterruptibly(JOIN);
    }

    @Override
    public String toString() {
        return (String) ref.call(TO_STRING);
    }

    private Object writeReplace() {
        return ref.handle(false);
    }
}
