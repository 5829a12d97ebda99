package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.SemaphoreDescriptor;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.Waiter;
import java.io.IOException;
import java.time.Duration;

/** The permit counter behind {@link Semaphore} and {@link BoundedSemaphore} ({@link SemaphoreDescriptor}). */
final class Permits {

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int permits;
    private final int bound;

    Permits(final Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.permits = HeaderDescriptor.BODY_OFFSET + SemaphoreDescriptor.PERMITS_OFFSET;
        this.bound = buffer.getInt(HeaderDescriptor.BODY_OFFSET + SemaphoreDescriptor.BOUND_OFFSET);
    }

    static Segment create(final Kind kind, final int initial, final int bound) throws IOException {
        if (initial < 0) {
            throw new IllegalArgumentException("negative permits " + initial);
        }
        return Segment.create(kind, null, SemaphoreDescriptor.LENGTH,
            buffer -> SemaphoreDescriptor.initialise(buffer, initial, bound));
    }

    boolean tryAcquire() {
        while (true) {
            final int available = buffer.getIntVolatile(permits);
            if (available <= 0) {
                return false;
            }
            if (buffer.compareAndSetInt(permits, available, available - 1)) {
                return true;
            }
        }
    }

    boolean acquire(final Waiter waiter) throws InterruptedException {
        while (!tryAcquire()) {
            if (!waiter.idle()) {
                return false;
            }
        }
        return true;
    }

    void release(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("release count " + count + " is not positive");
        }
        while (true) {
            final int available = buffer.getIntVolatile(permits);
            if ((long) available + count > bound) {
                throw new IllegalStateException(segment + " released too many times: " + available + " + " + count
                    + " permits would exceed its bound " + bound);
            }
            if (buffer.compareAndSetInt(permits, available, available + count)) {
                return;
            }
        }
    }

    int available() {
        return buffer.getIntVolatile(permits);
    }

    static Duration check(final Duration timeout) {
        return java.util.Objects.requireNonNull(timeout, "timeout");
    }
}
