package dev.mproc.manager.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Interrupts the server thread of a blocking call on a registered object whose client has gone (closed its
 * connection, was interrupted, or died), so that a method blocked in an interruptible wait (a
 * {@code BlockingQueue.take}) gives up rather than take an element for nobody. The built-in objects need no watch:
 * they wait in slices and check their caller themselves.
 *
 * <p>One daemon thread per server, started with the first watched call, looks every {@link CallContext#SLICE_NANOS}.
 * An interrupt reaches only the call it was meant for: a call's watch ends under the same lock that the look and the
 * interrupt happen under, and the server thread clears any interrupt once its watch has ended.
 *
 * <p><b>Thread safety:</b> safe for concurrent use.
 */
final class PeerWatch {

    /** One watched call. */
    private static final class Watched {
        final Thread thread;
        final CallContext context;
        /** Guarded by this object's monitor. */
        boolean active = true;

        Watched(final Thread thread, final CallContext context) {
            this.thread = thread;
            this.context = context;
        }
    }

    private final String serverName;
    private final Map<Thread, Watched> calls = new ConcurrentHashMap<>();
    private Thread watcher;
    private volatile boolean stopped;

    PeerWatch(final String serverName) {
        this.serverName = serverName;
    }

    /**
     * Watches the call that the current thread is about to make, until {@link #end()}.
     *
     * @param context the call's context
     */
    void begin(final CallContext context) {
        calls.put(Thread.currentThread(), new Watched(Thread.currentThread(), context));
        startIfNeeded();
    }

    /** Ends the current thread's watch, and clears an interrupt the watch may have sent. */
    void end() {
        final Watched call = calls.remove(Thread.currentThread());
        if (call != null) {
            synchronized (call) {
                call.active = false;
            }
        }
        Thread.interrupted();
    }

    /** Stops the watching thread (at server shutdown). */
    void stop() {
        stopped = true;
        final Thread thread;
        synchronized (this) {
            thread = watcher;
        }
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private synchronized void startIfNeeded() {
        if (watcher == null && !stopped) {
            watcher = new Thread(this::watch, "mproc-manager-peer-watch " + serverName);
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch() {
        while (!stopped) {
            LockSupport.parkNanos(CallContext.SLICE_NANOS);
            for (final Watched call : calls.values()) {
                // Under the call's monitor: once its watch has ended, its server thread may block reading the next
                // request, holding the connection's read lock, and the look must not wait for that.
                synchronized (call) {
                    if (call.active && call.context.peerGone()) {
                        call.thread.interrupt();
                    }
                }
            }
        }
    }
}
