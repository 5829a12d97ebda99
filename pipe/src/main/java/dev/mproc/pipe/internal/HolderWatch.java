package dev.mproc.pipe.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Looks, for every pipe end attached in this process, whether another process has taken the other end since the
 * session began, so that an idle end joins the new holder without waiting for its own next I/O: what it sent and the
 * old holder never received goes to the new one, and what the new one sends reaches this process's socket, as a
 * Python pipe whose descriptor passed to another process keeps flowing.
 *
 * <p>One daemon thread per process, running while something is watched; a look is one {@code stat} per end.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> per process.
 */
final class HolderWatch {

    private static final long PERIOD_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(HolderWatch.class.getName());
    private static final Set<BooleanSupplier> WATCHED = ConcurrentHashMap.newKeySet();
    private static boolean running;

    private HolderWatch() {
    }

    /**
     * @param look looks once (and acts); returns false when the end no longer needs watching (closed)
     */
    public static void watch(final BooleanSupplier look) {
        WATCHED.add(look);
        synchronized (HolderWatch.class) {
            if (running) {
                return;
            }
            running = true;
        }
        final Thread thread = new Thread(HolderWatch::run, "mproc-pipe-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (final InterruptedException e) {
                // Nobody interrupts this thread; if someone does, the next watch starts another.
                break;
            }
            for (final BooleanSupplier look : WATCHED) {
                try {
                    if (!look.getAsBoolean()) {
                        WATCHED.remove(look);
                    }
                } catch (final RuntimeException e) {
                    WATCHED.remove(look);
                    LOG.log(System.Logger.Level.DEBUG, "stopped watching a pipe end", e);
                }
            }
            synchronized (HolderWatch.class) {
                if (WATCHED.isEmpty()) {
                    break;
                }
            }
        }
        synchronized (HolderWatch.class) {
            running = false;
            if (!WATCHED.isEmpty()) {
                running = true;
                final Thread thread = new Thread(HolderWatch::run, "mproc-pipe-watch");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }
}
