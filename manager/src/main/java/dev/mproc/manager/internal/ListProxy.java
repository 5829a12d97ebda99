package dev.mproc.manager.internal;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The proxy of a managed list: a {@link List} whose every method is one call to the server. Iterators,
 * {@code listIterator} and {@code subList} are unmodifiable snapshots taken in one call (as Python's {@code l[a:b]}
 * is a copy): an index into a snapshot may name another element on the server by the time it is used, so they do not
 * change the list, and say so. {@code removeIf} tests a snapshot here and removes the elements that matched in one
 * call ({@code removeAll}); {@code sort} and {@code replaceAll} run on the server, so their comparator or operator
 * must be serializable.
 */
final class ListProxy<E> extends AbstractList<E> implements RandomAccess, ManagedProxy, Serializable {

    private static final long serialVersionUID = 1L;

    private static final MethodTable T = MethodTable.of(ListOps.class);
    private static final int GET = T.indexOf("get", int.class);
    private static final int SET = T.indexOf("set", int.class, Object.class);
    private static final int ADD = T.indexOf("add", Object.class);
    private static final int INSERT = T.indexOf("insert", int.class, Object.class);
    private static final int REMOVE_AT = T.indexOf("removeAt", int.class);
    private static final int REMOVE = T.indexOf("remove", Object.class);
    private static final int INDEX_OF = T.indexOf("indexOf", Object.class);
    private static final int LAST_INDEX_OF = T.indexOf("lastIndexOf", Object.class);
    private static final int CONTAINS = T.indexOf("contains", Object.class);
    private static final int SIZE = T.indexOf("size");
    private static final int CLEAR = T.indexOf("clear");
    private static final int ADD_ALL = T.indexOf("addAll", Collection.class);
    private static final int INSERT_ALL = T.indexOf("insertAll", int.class, Collection.class);
    private static final int REMOVE_ALL = T.indexOf("removeAll", Collection.class);
    private static final int RETAIN_ALL = T.indexOf("retainAll", Collection.class);
    private static final int SORT = T.indexOf("sort", Comparator.class);
    private static final int REPLACE_ALL = T.indexOf("replaceAll", UnaryOperator.class);
    private static final int SNAPSHOT = T.indexOf("snapshot");
    private static final int TO_STRING = T.indexOf("toString");

    private final transient ObjectRef ref;

    ListProxy(final ObjectRef ref) {
        this.ref = ref;
    }

    @Override
    public ObjectRef ref() {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(final int index) {
        return (E) ref.call(GET, index);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(final int index, final E element) {
        return (E) ref.call(SET, index, element);
    }

    @Override
    public boolean add(final E element) {
        return (Boolean) ref.call(ADD, element);
    }

    @Override
    public void add(final int index, final E element) {
        ref.call(INSERT, index, element);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(final int index) {
        return (E) ref.call(REMOVE_AT, index);
    }

    @Override
    public boolean remove(final Object element) {
        return (Boolean) ref.call(REMOVE, element);
    }

    @Override
    public int indexOf(final Object element) {
        return (Integer) ref.call(INDEX_OF, element);
    }

    @Override
    public int lastIndexOf(final Object element) {
        return (Integer) ref.call(LAST_INDEX_OF, element);
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
    public boolean addAll(final int index, final Collection<? extends E> elements) {
        return (Boolean) ref.call(INSERT_ALL, index, new ArrayList<>(elements));
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
    public void sort(final Comparator<? super E> comparator) {
        ref.call(SORT, comparator);
    }

    @Override
    public void replaceAll(final UnaryOperator<E> operator) {
        ref.call(REPLACE_ALL, operator);
    }

    /** @return a copy of the whole list, taken in one atomic call */
    @SuppressWarnings("unchecked")
    List<E> snapshot() {
        return Collections.unmodifiableList((List<E>) ref.call(SNAPSHOT));
    }

    @Override
    public Iterator<E> iterator() {
        return listIterator(0);
    }

    @Override
    public ListIterator<E> listIterator(final int index) {
        return new RefusingIterator<>(snapshot().listIterator(index));
    }

    @Override
    public List<E> subList(final int fromIndex, final int toIndex) {
        return new SnapshotSubList<>(snapshot().subList(fromIndex, toIndex));
    }

    @Override
    public boolean removeIf(final Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        final List<E> matching = new ArrayList<>();
        for (final E element : snapshot()) {
            if (filter.test(element)) {
                matching.add(element);
            }
        }
        return !matching.isEmpty() && removeAll(matching);
    }

    /** A list iterator over a snapshot, refusing changes with the reason and what to use instead. */
    private static final class RefusingIterator<E> implements ListIterator<E> {
        private final ListIterator<E> snapshot;

        RefusingIterator(final ListIterator<E> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public boolean hasNext() {
            return snapshot.hasNext();
        }

        @Override
        public E next() {
            return snapshot.next();
        }

        @Override
        public boolean hasPrevious() {
            return snapshot.hasPrevious();
        }

        @Override
        public E previous() {
            return snapshot.previous();
        }

        @Override
        public int nextIndex() {
            return snapshot.nextIndex();
        }

        @Override
        public int previousIndex() {
            return snapshot.previousIndex();
        }

        @Override
        public void remove() {
            throw refused("an iterator", "remove");
        }

        @Override
        public void set(final E element) {
            throw refused("an iterator", "set");
        }

        @Override
        public void add(final E element) {
            throw refused("an iterator", "add");
        }
    }

    /**
     * A range of a snapshot, refusing changes as the snapshot's iterators do; {@code clear()} and the iterators'
     * {@code remove()} come to {@link #remove(int)}.
     */
    private static final class SnapshotSubList<E> extends AbstractList<E> implements RandomAccess {
        private final List<E> range;

        SnapshotSubList(final List<E> range) {
            this.range = range;
        }

        @Override
        public E get(final int index) {
            return range.get(index);
        }

        @Override
        public int size() {
            return range.size();
        }

        @Override
        public E set(final int index, final E element) {
            throw refused("a subList", "set");
        }

        @Override
        public void add(final int index, final E element) {
            throw refused("a subList", "add");
        }

        @Override
        public E remove(final int index) {
            throw refused("a subList", "remove");
        }
    }

    private static UnsupportedOperationException refused(final String view, final String verb) {
        return new UnsupportedOperationException(view + " of a managed list is a snapshot (as Python's l[a:b] is a"
            + " copy), whose indexes other processes may have shifted on the server, so its " + verb + "() would"
            + " change the wrong element; use the list's own verbs (set(index, e), remove(index), removeIf(filter))");
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
        return other == this || other instanceof List && snapshot().equals(other);
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
