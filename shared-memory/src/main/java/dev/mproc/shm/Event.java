package dev.mproc.shm;

import dev.mproc.shm.internal.EventDescriptor;
import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.time.Duration;

/**
 * A flag shared by processes that threads can wait for (Python's {@code multiprocessing.Event}): {@link #set()}
 * releases every waiter until {@link #clear()}. A waiter spins briefly, yields, then parks in short, growing naps (at
 * most 0.5 ms).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> what a process did before {@code set}
 * happens-before what a waiter in any process does after {@code await} returns true. {@link #close()} is per
 * process; the file goes when its last live user closes it.
 */
public final class Event extends SharedObject {

    private static final long serialVersionUID = 1L;
    private static final int FLAG = HeaderDescriptor.BODY_OFFSET + EventDescriptor.FLAG_OFFSET;

    private final transient AtomicBuffer buffer;

    private Event(final Segment segment) {
        super(segment, Event::attach);
        this.buffer = segment.buffer();
    }

    /**
     * Creates an event, clear.
     *
     * @return the event
     * @throws IOException when its file cannot be made
     */
    public static Event create() throws IOException {
        return new Event(Segment.create(Kind.EVENT, null, EventDescriptor.LENGTH, buffer -> { }));
    }

    /**
     * Attaches to an event created by another process.
     *
     * @param name its {@link #name()}
     * @return the event
     * @throws IOException when there is no such event, or the name is of something else
     */
    public static Event attach(final String name) throws IOException {
        return new Event(Segment.attach(name, Kind.EVENT));
    }

    /** Sets the flag, releasing every waiter in every process. */
    public void set() {
        ensureOpen();
        buffer.putIntVolatile(FLAG, 1);
    }

    /** Clears the flag. */
    public void clear() {
        ensureOpen();
        buffer.putIntVolatile(FLAG, 0);
    }

    /** @return whether the flag is set */
    public boolean isSet() {
        ensureOpen();
        return buffer.getIntVolatile(FLAG) != 0;
    }

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void await() throws InterruptedException {
        await(Waiter.forever(true));
    }

    /**
     * Waits until the flag is set, at most the given time (Python's {@code wait(timeout)}).
     *
     * @param timeout how long to wait
     * @return whether the flag is set
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean await(final Duration timeout) throws InterruptedException {
        return await(Waiter.upTo(timeout));
    }

    private boolean await(final Waiter waiter) throws InterruptedException {
        ensureOpen();
        while (!isSet()) {
            if (!waiter.idle()) {
                return isSet();
            }
        }
        return true;
    }
}
