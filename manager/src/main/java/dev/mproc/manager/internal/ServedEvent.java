package dev.mproc.manager.internal;

import dev.mproc.manager.EventProxy;
import java.time.Duration;

/** The server's side of an event. */
final class ServedEvent implements EventProxy {

    private boolean flag;

    @Override
    public synchronized void set() {
        flag = true;
        notifyAll();
    }

    @Override
    public synchronized void clear() {
        flag = false;
    }

    @Override
    public synchronized boolean isSet() {
        return flag;
    }

    @Override
    public void await() {
        await(Long.MAX_VALUE);
    }

    @Override
    public boolean await(final Duration timeout) {
        return await(timeout.toNanos());
    }

    private synchronized boolean await(final long timeoutNanos) {
        final long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (!flag) {
            final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            CallContext.awaitSlice(this, remaining);
        }
        return true;
    }

    @Override
    public synchronized String toString() {
        return "Event(" + (flag ? "set" : "unset") + ")";
    }
}
