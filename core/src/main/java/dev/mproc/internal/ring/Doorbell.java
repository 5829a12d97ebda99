package dev.mproc.internal.ring;

import java.io.IOException;

/**
 * Wakes the peer's waiter parked on a ring: a byte on the control socket between two processes, or a permit within
 * one. Rings coalesce: many rings may wake a waiter once, and a ring when nobody waits is harmless.
 */
@FunctionalInterface
public interface Doorbell {

    /**
     * Wakes the waiter, if any.
     *
     * @throws IOException when the bell cannot reach the peer (it is gone)
     */
    void ring() throws IOException;
}
