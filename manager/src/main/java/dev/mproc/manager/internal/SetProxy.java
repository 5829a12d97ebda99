package dev.mproc.manager.internal;

import java.io.Serializable;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The proxy of a managed set: a {@link Set} whose every method is one call to the server; bulk operations
 * ({@code addAll}, {@code removeAll}, {@code retainAll}, {@code containsAll}) are one atomic call each. Iterators
 * and {@code toArray} work on a snapshot taken in one call; iteration order is insertion order. An iterator's
 * {@code remove()} removes the element it returned from the set (one call), and {@code removeIf} tests a snapshot
 * and removes what matched in one call.
 */
final class SetProxy<E> extends AbstractSet<E> implements ManagedProxy, Serializable {

    private static final long serialVersionUID = 1L;

    private static final MethodTable T = MethodTable.of(SetOps.class);
    private static final int ADD = T.indexOf("add", Object.class);
    private static final int REMOVE = T.indexOf("remove", Object.class);
    private static final int CONTAINS = T.indexOf("contains", Object.class);
    private static final int SIZE = T.indexOf("size");
    private static final int CLEAR = T.indexOf("clear");
    private static final int ADD_ALL = T.indexOf("addAll", Collection.class);
    private static final int REMOVE_ALL = T.indexOf("removeAll", Collection.class);
    private static final int RETAIN_ALL = T.indexOf("retainAll", Collection.class);
    private static final int CONTAINS_ALL = T.indexOf("containsAll", Collection.class);
    private static final int SNAPSHOT = T.indexOf("snapshot");
    private static final int TO_STRING = T.indexOf("toString");

    private final transient ObjectRef ref;

    SetProxy(final ObjectRef ref) {
        this.ref = ref;
    }

    @Override
    public ObjectRef ref() {
        return ref;
    }

    @Override
    public boolean add(final E element) {
        return (Boolean) ref.call(ADD, element);
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
    public int size() {
        return (Integer) ref.call(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void clear() {
        ref.call(CLEAR);
    }

    @Override
    public boolean addAll(final Collection<? extends E> elements) {
        return (Boolean) ref.call(ADD_ALL, new ArrayList<>(elements));
    }

    @Override
    public boolean removeAll(final Collection<?> elements) {
        return (Boolean) ref.call(REMOVE_ALL, new ArrayList<>(elements));
    }

    @Override
    public boolean retainAll(final Collection<?> elements) {
        return (Boolean) ref.call(RETAIN_ALL, new ArrayList<>(elements));
    }

    @Override
    public boolean containsAll(final Collection<?> elements) {
        return (Boolean) ref.call(CONTAINS_ALL, new ArrayList<>(elements));
    }

    /** @return a copy of the whole set, taken in one atomic call */
    @SuppressWarnings("unchecked")
    Set<E> snapshot() {
        return Collections.unmodifiableSet((Set<E>) ref.call(SNAPSHOT));
    }

    @Override
    public Iterator<E> iterator() {
        return SnapshotIterator.of(snapshot().iterator(), this::remove);
    }

    /** Tests a snapshot here and removes what matched in one call, as a set's elements are their own names. */
    @Override
    public boolean removeIf(final Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        final List<E> matching = snapshot().stream().filter(filter).collect(Collectors.toList());
        return !matching.isEmpty() && removeAll(matching);
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
    public boolean equals(final Object other) {
        return other == this || other instanceof Set && snapshot().equals(other);
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
    }

    @Override
    public String toString() {
        return (String) ref.call(TO_STRING);
    }

    private Object writeReplace() {
        return ref.handle(false);
    }
}
