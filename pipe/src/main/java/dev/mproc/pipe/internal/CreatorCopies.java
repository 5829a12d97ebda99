package dev.mproc.pipe.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pipes this process created whose two ends it has not both closed yet: when it has, the pipe's files (which it
 * owns) may go before it exits.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> per process.
 */
public final class CreatorCopies {

    private static final Map<Path, Integer> OPEN = new HashMap<>();

    private CreatorCopies() {
    }

    /**
     * @param socketPath the rendezvous path of a pipe just opened here, with both its ends
     */
    public static synchronized void opened(final Path socketPath) {
        OPEN.put(socketPath, 2);
    }

    /**
     * @param socketPath the rendezvous path of a pipe opened here, one of whose two ends was just closed here
     * @return whether that was the second
     */
    static synchronized boolean closed(final Path socketPath) {
        final Integer open = OPEN.get(socketPath);
        if (open == null) {
            return false;
        }
        if (open > 1) {
            OPEN.put(socketPath, open - 1);
            return false;
        }
        OPEN.remove(socketPath);
        return true;
    }
}
