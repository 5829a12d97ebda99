package dev.mproc.manager.internal;

import dev.mproc.manager.ArrayProxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The server's side of an array; calls are serialized by the object table. */
final class ServedArray implements ArrayProxy<Object> {

    private final Object[] elements;

    ServedArray(final Collection<?> initial) {
        this.elements = initial.toArray();
    }

    @Override
    public int length() {
        return elements.length;
    }

    @Override
    public Object get(final int index) {
        return elements[checkIndex(index)];
    }

    @Override
    public void set(final int index, final Object value) {
        elements[checkIndex(index)] = value;
    }

    @Override
    public List<Object> snapshot() {
        return Arrays.asList(elements.clone());
    }

    private int checkIndex(final int index) {
        if (index < 0 || index >= elements.length) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for an array of length "
                + elements.length);
        }
        return index;
    }

    @Override
    public String toString() {
        return Arrays.toString(elements);
    }
}
