package dev.mproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Something a wait can watch: an event that happens once and then stays happened, such as the end of a child
 * ({@link Process#sentinel()}, Python's {@code p.sentinel}). {@code Connections.waitAny} of the pipe module watches
 * sentinels and connections together, as Python's {@code multiprocessing.connection.wait([conn, p.sentinel])} does:
 * "a message, or a child's death".
 *
 * <pre>{@code
 * for (Object ready : Connections.waitAny(List.of(conn, p.sentinel()), Duration.ofSeconds(5))) {
 *     if (ready == p.sentinel()) { ... }   // the child has ended, however it ended
 * }
 * }</pre>
 *
 * <p>Nothing here polls: whoever waits registers an action with {@link #onReady(Runnable)} (a wait wakes its selector
 * with it) and removes it when the wait ends, so a loop of waits on a long-lived sentinel keeps nothing behind.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> a sentinel belongs to the process
 * that has it (a child's sentinel to the process that started the child) and does not cross into another process;
 * it is not serializable.
 */
public final class Sentinel {

    private final String description;
    private final BooleanSupplier happened;
    /** Guarded by {@code this}; null once ready, when the actions have been handed out to run. */
    private List<Entry> entries = new ArrayList<>();
    private volatile boolean ready;

    /**
     * @param description what the sentinel stands for, for {@link #toString()}: {@code "end of Process-1 (pid 42)"}
     * @param event       completes (normally or not) once the event has happened, and then runs the actions
     * @param happened    tells whether the event has happened, perhaps before {@code event} completes (a child that
     *                    has been joined has ended, though the JDK completes its exit future on another thread)
     */
    Sentinel(final String description, final CompletionStage<?> event, final BooleanSupplier happened) {
        this.description = description;
        this.happened = happened;
        event.whenComplete((result, failure) -> becomeReady());
    }

    /** @return whether the event has happened; once true, true for ever */
    public boolean isReady() {
        if (!ready && happened.getAsBoolean()) {
            becomeReady();
        }
        return ready;
    }

    /**
     * Runs an action once, when the event happens: at once on the calling thread if it has happened already,
     * otherwise on the thread that sees it happen. The action must be quick and must not block (a wait's action wakes
     * a selector); an exception it throws is logged and does not keep other actions from running.
     *
     * @param action what to run
     * @return the registration; closing it removes the action if it has not run yet
     */
    public Registration onReady(final Runnable action) {
        final Entry entry = new Entry(Objects.requireNonNull(action, "action"));
        isReady();
        synchronized (this) {
            if (entries != null) {
                entries.add(entry);
                return entry;
            }
        }
        run(action);
        return () -> { };
    }

    @Override
    public String toString() {
        return "Sentinel[" + description + (ready ? ", ready]" : "]");
    }

    private void becomeReady() {
        final List<Entry> toRun;
        synchronized (this) {
            ready = true;
            toRun = entries;
            entries = null;
        }
        // Outside the lock: an action may take locks of its own.
        if (toRun != null) {
            toRun.forEach(entry -> run(entry.action));
        }
    }

    private static void run(final Runnable action) {
        try {
            action.run();
        } catch (final RuntimeException e) {
            System.getLogger(Sentinel.class.getName()).log(System.Logger.Level.WARNING,
                "an action waiting on a sentinel failed", e);
        }
    }

    /** One registration: removed by identity, so that closing it twice removes nothing else. */
    private final class Entry implements Registration {

        private final Runnable action;

        Entry(final Runnable action) {
            this.action = action;
        }

        @Override
        public void close() {
            synchronized (Sentinel.this) {
                if (entries != null) {
                    entries.remove(this);
                }
            }
        }
    }

    /**
     * An action registered with {@link #onReady(Runnable)}; closing it removes the action if it has not run.
     *
     * <p><b>Thread safety:</b> safe for use by several threads; closing is idempotent.
     */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {

        /** Removes the action if it has not run yet; an action already running finishes. */
        @Override
        void close();
    }
}
