package dev.mproc.manager.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.function.UnaryOperator;

/** What a list proxy asks of the server; each call is one atomic step there. */
public interface ListOps {

    Object get(int index);

    Object set(int index, Object element);

    boolean add(Object element);

    void insert(int index, Object element);

    Object removeAt(int index);

    boolean remove(Object element);

    int indexOf(Object element);

    int lastIndexOf(Object element);

    boolean contains(Object element);

    int size();

    void clear();

    boolean addAll(Collection<?> elements);

    boolean insertAll(int index, Collection<?> elements);

    boolean removeAll(Collection<?> elements);

    boolean retainAll(Collection<?> elements);

    void sort(Comparator<Object> comparator);

    void replaceAll(UnaryOperator<Object> operator);

    ArrayList<Object> snapshot();
}
