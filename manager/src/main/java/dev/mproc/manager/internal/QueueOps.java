package dev.mproc.manager.internal;

import java.util.List;

/** What a queue proxy asks of the server; blocking calls wait on the server, in slices that notice a dead caller. */
public interface QueueOps {

    boolean offer(Object element);

    void put(Object element) throws InterruptedException;

    boolean offer(Object element, long timeoutNanos) throws InterruptedException;

    Object poll();

    Object take() throws InterruptedException;

    Object poll(long timeoutNanos) throws InterruptedException;

    Object peek();

    int size();

    int remainingCapacity();

    boolean remove(Object element);

    boolean contains(Object element);

    void clear();

    List<Object> snapshot();

    List<Object> drain(int maxElements);

    void taskDone();

    void join() throws InterruptedException;
}
