package dev.mproc.manager.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.function.UnaryOperator;

/** The server's side of a list: an {@link ArrayList}; calls are serialized by the object table. */
final class ServedList implements ListOps {

    private final ArrayList<Object> list = new ArrayList<>();

    ServedList(final Collection<?> initial) {
        if (initial != null) {
            list.addAll(initial);
        }
    }

    @Override
    public Object get(final int index) {
        return list.get(index);
    }

    @Override
    public Object set(final int index, final Object element) {
        return list.set(index, element);
    }

    @Override
    public boolean add(final Object element) {
        return list.add(element);
    }

    @Override
    public void insert(final int index, final Object element) {
        list.add(index, element);
    }

    @Override
    public Object removeAt(final int index) {
        return list.remove(index);
    }

    @Override
    public boolean remove(final Object element) {
        return list.remove(element);
    }

    @Override
    public int indexOf(final Object element) {
        return list.indexOf(element);
    }

    @Override
    public int lastIndexOf(final Object element) {
        return list.lastIndexOf(element);
    }

    @Override
    public boolean contains(final Object element) {
        return list.contains(element);
    }

    @Override
    public int size() {
        return list.size();
    }

    @Override
    public void clear() {
        list.clear();
    }

    @Override
    public boolean addAll(final Collection<?> elements) {
        return list.addAll(elements);
    }

    @Override
    public boolean insertAll(final int index, final Collection<?> elements) {
        return list.addAll(index, elements);
    }

    @Override
    public boolean removeAll(final Collection<?> elements) {
        return list.removeAll(elements);
    }

    @Override
    public boolean retainAll(final Collection<?> elements) {
        return list.retainAll(elements);
    }

    @Override
    public void sort(final Comparator<Object> comparator) {
        list.sort(comparator);
    }

    @Override
    public void replaceAll(final UnaryOperator<Object> operator) {
        list.replaceAll(operator);
    }

    @Override
    public ArrayList<Object> snapshot() {
        return new ArrayList<>(list);
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
