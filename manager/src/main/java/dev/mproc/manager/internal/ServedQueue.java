package dev.mproc.manager.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of a queue: an {@link ArrayDeque} under this object's monitor, bounded or not, counting
 * unfinished tasks as Python's {@code queue.Queue} does. Waits are in slices so that a waiter whose client died gives
 * up without taking anything; an element taken for a client is {@linkplain CallContext#claim claimed} until that
 * client acknowledges it, and {@linkplain #giveBack given back} if its connection ends first.
 */
final class ServedQueue implements QueueOps {

    private final ArrayDeque<Object> elements = new ArrayDeque<>();
    private final int capacity;
    private long unfinished;

    ServedQueue(final int maxsize) {
        this.capacity = maxsize <= 0 ? Integer.MAX_VALUE : maxsize;
    }

    @Override
    public synchronized boolean offer(final Object element) {
        if (elements.size() >= capacity) {
            return false;
        }
        enqueue(element);
        return true;
    }

    @Override
    public synchronized void put(final Object element) {
        while (elements.size() >= capacity) {
            CallContext.awaitSlice(this, Long.MAX_VALUE);
        }
        enqueue(element);
    }

    @Override
    public synchronized boolean offer(final Object element, final long timeoutNanos) {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (elements.size() >= capacity) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            CallContext.awaitSlice(this, remaining);
        }
        enqueue(element);
        return true;
    }

    @Override
    public synchronized Object poll() {
        return dequeue();
    }

    @Override
    public synchronized Object take() {
        while (elements.isEmpty()) {
            CallContext.awaitSlice(this, Long.MAX_VALUE);
        }
        return dequeue();
    }

    @Override
    public synchronized Object poll(final long timeoutNanos) {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (elements.isEmpty()) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            CallContext.awaitSlice(this, remaining);
        }
        return dequeue();
    }

    @Override
    public synchronized Object peek() {
        return elements.peekFirst();
    }

    @Override
    public synchronized int size() {
        return elements.size();
    }

    @Override
    public synchronized int remainingCapacity() {
        return capacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : capacity - elements.size();
    }

    @Override
    public synchronized boolean remove(final Object element) {
        final boolean removed = elements.remove(element);
        if (removed) {
            notifyAll();
        }
        return removed;
    }

    @Override
    public synchronized boolean contains(final Object element) {
        return elements.contains(element);
    }

    @Override
    public synchronized void clear() {
        elements.clear();
        notifyAll();
    }

    @Override
    public synchronized List<Object> snapshot() {
        return new ArrayList<>(elements);
    }

    @Override
    public synchronized List<Object> drain(final int maxElements) {
        final List<Object> drained = new ArrayList<>(Math.min(maxElements, elements.size()));
        while (!elements.isEmpty() && drained.size() < maxElements) {
            final Object element = elements.pollFirst();
            CallContext.claim(this, element);
            drained.add(element);
        }
        notifyAll();
        return drained;
    }

    @Override
    public synchronized void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than there were items put");
        }
        if (--unfinished == 0) {
            notifyAll();
        }
    }

    @Override
    public synchronized void join() {
        while (unfinished > 0) {
            CallContext.awaitSlice(this, Long.MAX_VALUE);
        }
    }

    private void enqueue(final Object element) {
        elements.addLast(element);
        unfinished++;
        notifyAll();
    }

    private Object dequeue() {
        final Object element = elements.pollFirst();
        if (element != null) {
            CallContext.claim(this, element);
            notifyAll();
        }
        return element;
    }

    /**
     * Puts back at the front an element whose taker's connection ended before it acknowledged it; it still counts
     * as unfinished, and is stored even if that exceeds the bound.
     */
    synchronized void giveBack(final Object element) {
        elements.addFirst(element);
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return elements.toString();
    }
}
