package dev.mproc.shm.internal;

/**
 * What a shared-memory file holds, recorded in its header so that attaching to a file of another kind fails clearly.
 */
public enum Kind {
    /** Raw bytes ({@code SharedMemory}). */
    SHARED_MEMORY(1, "shm"),
    /** One element ({@code IntValue}, {@code LongValue}, {@code DoubleValue}). */
    VALUE(2, "value"),
    /** Elements ({@code IntArray}, {@code LongArray}, {@code DoubleArray}, {@code ByteArray}). */
    ARRAY(3, "array"),
    /** A {@code Lock}. */
    LOCK(4, "lock"),
    /** An {@code RLock}. */
    RLOCK(5, "rlock"),
    /** A {@code Semaphore}. */
    SEMAPHORE(6, "semaphore"),
    /** A {@code BoundedSemaphore}. */
    BOUNDED_SEMAPHORE(7, "boundedsemaphore"),
    /** An {@code Event}. */
    EVENT(8, "event"),
    /** A {@code Condition}. */
    CONDITION(9, "condition"),
    /** A {@code Barrier}. */
    BARRIER(10, "barrier");

    private final int code;
    private final String label;

    Kind(final int code, final String label) {
        this.code = code;
        this.label = label;
    }

    /** @return the number stored in the header */
    public int code() {
        return code;
    }

    /** @return the word used in file names and messages */
    public String label() {
        return label;
    }

    /**
     * @param code a header's kind number
     * @return the kind, or null when the number is unknown
     */
    public static Kind of(final int code) {
        for (final Kind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
