package dev.mproc.internal.wire;

/**
 * The frame layout, the same as Python's {@code multiprocessing.connection}, so that byte messages cross between
 * Python and Java processes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            length: signed 32-bit big-endian, 0..2^31-1         |
 *  +----------------------------------------------------------------+
 *  |            payload: length bytes ...                           |
 *  +----------------------------------------------------------------+
 *
 *  or, for payloads of 2^31 bytes and more (accepted on receive, never needed by Java's arrays):
 *  +----------------------------------------------------------------+
 *  |            -1: signed 32-bit big-endian                        |
 *  |            length: unsigned 64-bit big-endian                  |
 *  |            payload ...                                         |
 *  +----------------------------------------------------------------+
 * </pre>
 */
public final class FrameFormat {

    /** Bytes of the short header. */
    public static final int HEADER_LENGTH = 4;

    /** Bytes of the longest header (the -1 marker and a 64-bit length). */
    public static final int MAX_HEADER_LENGTH = 12;

    /** The marker in the 32-bit field that a 64-bit length follows. */
    public static final int LONG_LENGTH_MARKER = -1;

    /** System property that sets the largest frame a connection accepts, in bytes. */
    public static final String MAX_FRAME_PROPERTY = "mproc.maxFrameLength";

    /**
     * The largest frame accepted by default: 1 GiB. A longer length read from the stream is taken as garbage and
     * closes the connection rather than allocating.
     */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 30;

    private FrameFormat() {
    }

    /** @return the largest frame this process accepts, from {@value #MAX_FRAME_PROPERTY} or the default */
    public static int maxFrameLength() {
        return Integer.getInteger(MAX_FRAME_PROPERTY, DEFAULT_MAX_FRAME_LENGTH);
    }
}
