package dev.mproc.internal.wire;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A log line that repeats at most once per interval: the lines in between are counted, and the next line written
 * says how many were left out. For failures that can repeat thousands of times a second (an accept loop out of
 * descriptors, a flood of peers failing the handshake), where a line per failure would bury everything else.
 *
 * <p>Lines carry no stack trace: the message names the failure, and a repeated trace says nothing new.
 *
 * <p><b>Thread safety:</b> safe for concurrent use.
 */
public final class RateLimitedLog {

    private final System.Logger logger;
    private final long intervalNanos;
    private final LongSupplier clock;
    /** Guarded by this. */
    private long lastNanos;
    /** Guarded by this. */
    private boolean logged;
    /** Lines left out since the last one written; guarded by this. */
    private long suppressed;

    RateLimitedLog(final System.Logger logger, final Duration interval, final LongSupplier clock) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * @param logger   where lines go
     * @param interval at most one line per interval
     * @return the log
     */
    public static RateLimitedLog of(final System.Logger logger, final Duration interval) {
        return new RateLimitedLog(logger, interval, System::nanoTime);
    }

    /**
     * Writes the line, unless one was written less than an interval ago; then it is only counted.
     *
     * @param level   the level; nothing is counted when the logger does not log it
     * @param message the line
     */
    public void log(final System.Logger.Level level, final String message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        final long left;
        synchronized (this) {
            final long now = clock.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                suppressed++;
                return;
            }
            logged = true;
            lastNanos = now;
            left = suppressed;
            suppressed = 0;
        }
        logger.log(level, left == 0 ? message : message + " (and " + left + " more like it since the last report)");
    }
}
