package dev.mproc.shm.internal;

/**
 * The body of a raw shared-memory file: the user's bytes, nothing else.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          User bytes, Body Length of the header ({@code size()})       |  0
 *  |                             ...                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET}, which is 64-byte aligned, so 8-byte words in the body
 * are aligned for atomic access)
 *
 * <p>Memory ordering: whatever the user chooses; the bytes start zeroed and the header's magic publishes the file.
 *
 * <p><b>Thread safety:</b> constants. <b>Process safety:</b> see above.
 */
public final class SharedMemoryDescriptor {

    /** Offset of the user's first byte in the body. */
    public static final int DATA_OFFSET = 0;

    private SharedMemoryDescriptor() {
    }
}
