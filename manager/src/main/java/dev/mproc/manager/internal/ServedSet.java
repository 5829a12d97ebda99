package dev.mproc.manager.internal;

import java.util.Collection;
import java.util.LinkedHashSet;

/** The server's side of a set: a {@link LinkedHashSet}; calls are serialized by the object table. */
final class ServedSet implements SetOps {

    private final LinkedHashSet<Object> set = new LinkedHashSet<>();

    ServedSet(final Collection<?> initial) {
        if (initial != null) {
            set.addAll(initial);
        }
    }

    @Override
    public boolean add(final Object element) {
        return set.add(element);
    }

    @Override
    public boolean remove(final Object element) {
        return set.remove(element);
    }

    @Override
    public boolean contains(final Object element) {
        return set.contains(element);
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public void clear() {
        set.clear();
    }

    @Override
    public boolean addAll(final Collection<?> elements) {
        return set.addAll(elements);
    }

    @Override
    public boolean removeAll(final Collection<?> elements) {
        return set.removeAll(elements);
    }

    @Override
    public boolean retainAll(final Collection<?> elements) {
        return set.retainAll(elements);
    }

    @Override
    public boolean containsAll(final Collection<?> elements) {
        return set.containsAll(elements);
    }

    @Override
    public LinkedHashSet<Object> snapshot() {
        return new LinkedHashSet<>(set);
    }

    @Override
    public String toString() {
        return set.toString();
    }
}
