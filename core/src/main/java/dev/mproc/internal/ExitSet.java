package dev.mproc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The things of one kind this process has live (children it started, connections it holds open) and the one action
 * that ends them at exit. The action is registered with {@link ExitCleanup} when the first member is added, so a
 * process that never adds one has no such work at exit.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> per process; a process killed by SIGKILL
 * runs no action, and its peers see it gone.
 *
 * @param <T> what the set holds
 */
public final class ExitSet<T> {

    private final Set<T> members = ConcurrentHashMap.newKeySet();
    private final Consumer<List<T>> atExit;
    private volatile boolean hooked;

    /**
     * @param atExit what to do at exit with the members left then; exceptions it throws are logged, and the other
     *               exit actions still run
     */
    public ExitSet(final Consumer<List<T>> atExit) {
        this.atExit = atExit;
    }

    /**
     * @param member a live thing, to be handed to the exit action unless {@linkplain #remove removed} before
     */
    public void add(final T member) {
        if (!hooked) {
            synchronized (this) {
                if (!hooked) {
                    ExitCleanup.register(() -> atExit.accept(members()));
                    hooked = true;
                }
            }
        }
        members.add(member);
    }

    /**
     * @param member a thing that ended by itself or was ended by its owner
     */
    public void remove(final T member) {
        members.remove(member);
    }

    /** @return a snapshot of the members */
    public List<T> members() {
        return new ArrayList<>(members);
    }
}
