package dev.mproc.cluster.internal;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps Hazelcast's own INFO lines (start-up banners, every connection and membership change) out of the user's
 * output: Hazelcast logs through JDK logging ({@code hazelcast.logging.type=jdk}), and its loggers stay at WARNING
 * unless the user's logging configuration names a level for {@code com.hazelcast} or sets one in code first.
 */
public final class QuietLogging {

    /** The property that routes Hazelcast's logging, and its value. */
    public static final String TYPE_PROPERTY = "hazelcast.logging.type";
    public static final String TYPE = "jdk";

    private static final String ROOT = "com.hazelcast";

    /** Held so the level is not lost: JDK logging keeps only weak references to its loggers. */
    private static volatile Logger quieted;

    /** Whether the level is this class's choice, not the user's. */
    private static boolean chosenHere;

    private QuietLogging() {
    }

    /** Sets Hazelcast's loggers to WARNING, unless the user configured them. Idempotent. */
    public static synchronized void apply() {
        if (quieted != null) {
            return;
        }
        final Logger logger = Logger.getLogger(ROOT);
        if (logger.getLevel() == null && LogManager.getLogManager().getProperty(ROOT + ".level") == null) {
            logger.setLevel(Level.WARNING);
            chosenHere = true;
        }
        quieted = logger;
    }

    /**
     * Turns Hazelcast's logging off in a member whose whole cluster is shutting down on its owner's request, where
     * every lost connection is expected; unless the user configured its level.
     */
    public static synchronized void silence() {
        apply();
        if (chosenHere) {
            quieted.setLevel(Level.OFF);
        }
    }
}
