package dev.mproc.manager;

import java.util.List;

/**
 * A fixed-length array kept by the manager: Python's {@code manager.Array(typecode, sequence)}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> every call is one atomic step on
 * the server; elements cross by serialization.
 *
 * @param <T> the element type
 */
public interface ArrayProxy<T> {

    /** @return the number of elements, fixed at creation */
    int length();

    /**
     * @param index an index
     * @return the element there (a copy)
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    T get(int index);

    /**
     * @param index an index
     * @param value the new element
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    void set(int index, T value);

    /** @return a copy of every element, taken in one atomic step */
    List<T> snapshot();
}
