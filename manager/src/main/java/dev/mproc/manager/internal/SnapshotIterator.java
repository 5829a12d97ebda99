package dev.mproc.manager.internal;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Walks a snapshot of a managed collection taken in one call; {@code remove()} removes what it last returned from the
 * collection on the server, in one call, by value (a set's element, a queue's first equal element, a dict's key or
 * entry), which a snapshot's position could not name once other processes have changed the collection.
 *
 * @param <S> what the snapshot holds
 * @param <T> what the iterator returns of it
 */
final class SnapshotIterator<S, T> implements Iterator<T> {

    private final Iterator<S> snapshot;
    private final Function<S, T> view;
    private final Consumer<S> removal;
    private S last;
    private boolean removable;

    /**
     * @param snapshot the snapshot's iterator
     * @param view     what to return of each element
     * @param removal  removes an element seen from the collection on the server
     */
    SnapshotIterator(final Iterator<S> snapshot, final Function<S, T> view, final Consumer<S> removal) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.view = Objects.requireNonNull(view, "view");
        this.removal = Objects.requireNonNull(removal, "removal");
    }

    /**
     * @param snapshot the snapshot's iterator
     * @param removal  removes an element seen from the collection on the server
     * @param <E>      the elements
     * @return an iterator that returns the snapshot's elements themselves
     */
    static <E> SnapshotIterator<E, E> of(final Iterator<E> snapshot, final Consumer<E> removal) {
        return new SnapshotIterator<>(snapshot, Function.identity(), removal);
    }

    @Override
    public boolean hasNext() {
        return snapshot.hasNext();
    }

    @Override
    public T next() {
        last = snapshot.next();
        removable = true;
        return view.apply(last);
    }

    @Override
    public void remove() {
        if (!removable) {
            throw new IllegalStateException("next() has not returned an element to remove since the last remove()");
        }
        removable = false;
        removal.accept(last);
        last = null;
    }
}
