package dev.mproc.pipe;

import dev.mproc.Process;
import dev.mproc.Sentinel;
import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Waiting on many connections and sentinels at once: Python's {@code multiprocessing.connection.wait}, "a message,
 * or a child's death".
 *
 * <pre>{@code
 * List<Object> ready = Connections.waitAny(List.of(conn, p.sentinel()), Duration.ofSeconds(5));
 * if (ready.contains(conn)) { Object message = conn.recv(); }
 * if (ready.contains(p.sentinel())) { int code = p.exitCode().getAsInt(); }
 * }</pre>
 *
 * <p>Nothing polls: connections are watched by one selector, and a {@link Sentinel} wakes that selector when its event
 * happens (a child's end is seen by the JDK's reaper thread, whatever ended it, {@code kill -9} included).
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread. <b>Process safety:</b> waits on the connections and
 * sentinels of the calling process; pipe ends that have not attached yet attach here.
 */
public final class Connections {

    /** How often pipe ends that are still attaching are looked at again while waiting. */
    private static final long ATTACH_RECHECK_MILLIS = 10;

    /** Timeouts longer than this wait without limit (and cannot overflow a deadline in nanoseconds). */
    private static final Duration FOREVER = Duration.ofDays(365);

    private Connections() {
    }

    /**
     * Waits without limit until at least one connection has a message (or the end of its stream) to receive, or one
     * sentinel is ready.
     *
     * @param watched the connections (readable ends) and sentinels to watch
     * @param <T>     their common type: {@link Connection}, {@link Sentinel}, or {@link Object} for both
     * @return those ready, in the order given
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IOException            when one of the connections is closed
     * @see #waitAny(Collection, Duration)
     */
    public static <T> List<T> waitAny(final Collection<? extends T> watched) throws IOException {
        return waitAny(watched, null);
    }

    /**
     * Waits until at least one connection has a message (or the end of its stream) to receive, or one sentinel is
     * ready, or the timeout passes: Python's {@code wait(object_list, timeout)}. A connection is ready when
     * {@code recv} on it would not wait for a message to begin; a sentinel when {@link Sentinel#isReady()}.
     *
     * @param watched the connections (readable ends) and sentinels to watch
     * @param timeout how long to wait at most; {@code null} waits without limit, {@link Duration#ZERO} (or a negative
     *                duration) does not wait
     * @param <T>     their common type: {@link Connection}, {@link Sentinel}, or {@link Object} for both
     * @return those ready, in the order given; empty when the timeout passed
     * @throws IllegalArgumentException when an element is neither a connection nor a sentinel, or is a write-only end
     * @throws NullPointerException     when an element is null
     * @throws InterruptedIOException   when interrupted while waiting (the interrupt status is cleared)
     * @throws IOException              when one of the connections is closed
     */
    public static <T> List<T> waitAny(final Collection<? extends T> watched, final Duration timeout)
        throws IOException {
        final List<T> objects = List.copyOf(watched);
        check(objects);
        final boolean forever = timeout == null || timeout.compareTo(FOREVER) > 0;
        final long deadline = forever ? 0 : System.nanoTime() + (timeout.isNegative() ? 0 : timeout.toNanos());
        try (Selector selector = Selector.open()) {
            final List<Sentinel.Registration> wakeups = new ArrayList<>();
            try {
                for (final T object : objects) {
                    if (object instanceof Sentinel) {
                        wakeups.add(((Sentinel) object).onReady(selector::wakeup));
                    }
                }
                return await(objects, selector, forever, deadline);
            } finally {
                wakeups.forEach(Sentinel.Registration::close);
            }
        }
    }

    private static <T> List<T> await(final List<T> objects, final Selector selector, final boolean forever,
                                     final long deadline) throws IOException {
        while (true) {
            boolean attaching = false;
            final List<T> ready = new ArrayList<>();
            for (final T object : objects) {
                if (object instanceof Sentinel) {
                    if (((Sentinel) object).isReady()) {
                        ready.add(object);
                    }
                    continue;
                }
                final Connection connection = (Connection) object;
                if (!connection.link().attach(0)) {
                    attaching = true;
                } else if (connection.link().hasBufferedInput()) {
                    ready.add(object);
                } else {
                    register(selector, connection);
                }
            }
            if (!ready.isEmpty()) {
                // Others may have a message in their socket, not buffered yet: Python returns every one ready.
                return pollEach(objects);
            }
            final long remaining = forever ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return pollEach(objects);
            }
            long millis = forever ? 0 : Math.max(1, remaining / 1_000_000);
            if (attaching) {
                millis = millis == 0 ? ATTACH_RECHECK_MILLIS : Math.min(millis, ATTACH_RECHECK_MILLIS);
            }
            selector.select(millis);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting on " + objects.size()
                    + " connections and sentinels");
            }
            if (!selector.selectedKeys().isEmpty()) {
                selector.selectedKeys().clear();
                final List<T> polled = pollEach(objects);
                if (!polled.isEmpty()) {
                    return polled;
                }
            }
        }
    }

    private static void check(final List<?> objects) {
        for (final Object object : objects) {
            if (object instanceof Connection) {
                if (!((Connection) object).isReadable()) {
                    throw new IllegalArgumentException(object + " is write-only; it can never be ready to receive");
                }
            } else if (object instanceof Process) {
                throw new IllegalArgumentException("cannot wait on " + object + " itself: watch its sentinel()");
            } else if (!(object instanceof Sentinel)) {
                throw new IllegalArgumentException("cannot wait on a " + Objects.requireNonNull(object).getClass()
                    .getName() + ": a wait watches Connections and Sentinels");
            }
        }
    }

    private static void register(final Selector selector, final Connection connection) throws IOException {
        final FrameChannel channel = connection.link().channelToRead();
        if (channel == null) {
            return;
        }
        try {
            if (channel.socket().keyFor(selector) == null) {
                channel.socket().register(selector, SelectionKey.OP_READ, connection);
            }
        } catch (final ClosedChannelException e) {
            throw new IOException(connection + " is closed", e);
        }
    }

    /** The objects that are ready now, without waiting. */
    private static <T> List<T> pollEach(final List<T> objects) throws IOException {
        final List<T> ready = new ArrayList<>();
        for (final T object : objects) {
            if (object instanceof Sentinel ? ((Sentinel) object).isReady()
                : ((Connection) object).link().attach(0) && ((Connection) object).poll(Duration.ZERO)) {
                ready.add(object);
            }
        }
        return ready;
    }
}
