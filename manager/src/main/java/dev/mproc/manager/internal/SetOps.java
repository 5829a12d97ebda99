package dev.mproc.manager.internal;

import java.util.Collection;
import java.util.LinkedHashSet;

/** What a set proxy asks of the server; each call is one atomic step there. */
public interface SetOps {

    boolean add(Object element);

    boolean remove(Object element);

    boolean contains(Object element);

    int size();

    void clear();

    boolean addAll(Collection<?> elements);

    boolean removeAll(Collection<?> elements);

    boolean retainAll(Collection<?> elements);

    boolean containsAll(Collection<?> elements);

    LinkedHashSet<Object> snapshot();
}
