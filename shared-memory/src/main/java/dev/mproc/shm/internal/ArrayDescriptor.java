package dev.mproc.shm.internal;

import java.io.IOException;
import dev.mproc.shm.AtomicBuffer;

/**
 * The body of a value or array file: the element type and count, whether it has a lock, the lock area, and the
 * elements. A value is an array of one element whose file kind is {@link Kind#VALUE}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |       Element Type (32)       |          Length (32)          |  0
 *  +-------------------------------+-------------------------------+
 *  |         Has Lock (32)         |      (unused up to 64)        |  8
 *  +-------------------------------+-------------------------------+
 *  |              Lock area ({@link LockDescriptor}, 64 bytes)         | 64
 *  +---------------------------------------------------------------+
 *  |         Elements, native byte order, Length x element size    | 128
 *  |                             ...                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * (offsets relative to {@link HeaderDescriptor#BODY_OFFSET})
 *
 * <p>Memory ordering, word by word:
 * <ul>
 *   <li><b>Element Type, Length, Has Lock</b>: <i>plain</i>, written by the creator before the header's magic and
 *   never again; checked once on attach.</li>
 *   <li><b>Elements</b>: written and read by any process. Single-element accessors are <i>volatile</i>
 *   ({@code get}/{@code set}) or <i>volatile</i> read-modify-writes ({@code compareAndSet}, {@code getAndAdd}), so they
 *   are atomic and sequentially consistent across processes. Bulk copies are <i>plain</i>: not atomic as a whole;
 *   publish them with the lock, or any volatile write another process then reads.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> constants and stateless checks. <b>Process safety:</b> see the orderings above.
 */
public final class ArrayDescriptor {

    /** Element type of {@code int} elements. */
    public static final int INT = 1;
    /** Element type of {@code long} elements. */
    public static final int LONG = 2;
    /** Element type of {@code double} elements. */
    public static final int DOUBLE = 3;
    /** Element type of {@code byte} elements. */
    public static final int BYTE = 4;

    /** Offset of the element type in the body. */
    public static final int ELEMENT_TYPE_OFFSET = 0;
    /** Offset of the length in the body. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the has-lock flag in the body. */
    public static final int HAS_LOCK_OFFSET = 8;
    /** Offset of the lock area in the body. */
    public static final int LOCK_OFFSET = 64;
    /** Offset of the first element in the body. */
    public static final int ELEMENTS_OFFSET = 128;

    private ArrayDescriptor() {
    }

    /**
     * @param elementType one of the element type constants
     * @return its size in bytes
     */
    public static int elementSize(final int elementType) {
        return switch (elementType) {
            case INT -> Integer.BYTES;
            case LONG, DOUBLE -> Long.BYTES;
            case BYTE -> 1;
            default -> throw new IllegalArgumentException("element type " + elementType);
        };
    }

    /**
     * Creates a value or array file with zeroed elements.
     *
     * @param kind        {@link Kind#VALUE} or {@link Kind#ARRAY}
     * @param elementType one of the element type constants
     * @param length      how many elements
     * @param hasLock     whether it has a lock (false for the raw forms)
     * @return the segment; its elements start at {@link #elements()}
     * @throws IOException when the file cannot be made
     */
    public static Segment create(final Kind kind, final int elementType, final int length, final boolean hasLock)
        throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        final long bodyLength = ELEMENTS_OFFSET + (long) length * elementSize(elementType);
        return Segment.create(kind, null, bodyLength, buffer -> {
            final int body = HeaderDescriptor.BODY_OFFSET;
            buffer.putInt(body + ELEMENT_TYPE_OFFSET, elementType);
            buffer.putInt(body + LENGTH_OFFSET, length);
            buffer.putInt(body + HAS_LOCK_OFFSET, hasLock ? 1 : 0);
            LockDescriptor.initialise(buffer, body + LOCK_OFFSET);
        });
    }

    /**
     * Attaches to a value or array file and checks its element type and length.
     *
     * @param name        the file's name
     * @param kind        {@link Kind#VALUE} or {@link Kind#ARRAY}
     * @param elementType the element type the caller expects
     * @return the segment
     * @throws IOException when there is no such file or it holds something else
     */
    public static Segment attach(final String name, final Kind kind, final int elementType) throws IOException {
        final Segment segment = Segment.attach(name, kind);
        try {
            final AtomicBuffer buffer = segment.buffer();
            final int body = HeaderDescriptor.BODY_OFFSET;
            final int type = buffer.getInt(body + ELEMENT_TYPE_OFFSET);
            if (type != elementType) {
                throw new IOException("'" + name + "' holds " + typeName(type) + " elements, not "
                    + typeName(elementType));
            }
            final long needed = ELEMENTS_OFFSET + (long) buffer.getInt(body + LENGTH_OFFSET) * elementSize(type);
            if (buffer.getInt(body + LENGTH_OFFSET) < 0 || needed > segment.bodyLength()) {
                throw new IOException("'" + name + "' claims " + buffer.getInt(body + LENGTH_OFFSET)
                    + " elements but its body is " + segment.bodyLength() + " bytes");
            }
            return segment;
        } catch (final IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** @return the offset of the first element in the file */
    public static int elements() {
        return HeaderDescriptor.BODY_OFFSET + ELEMENTS_OFFSET;
    }

    /** @return the offset of the lock area in the file */
    public static int lock() {
        return HeaderDescriptor.BODY_OFFSET + LOCK_OFFSET;
    }

    /**
     * @param segment a value or array file
     * @return its element type, one of the element type constants (checked on attach)
     */
    public static int elementType(final Segment segment) {
        return segment.buffer().getInt(HeaderDescriptor.BODY_OFFSET + ELEMENT_TYPE_OFFSET);
    }

    /**
     * @param segment a value or array file
     * @return its element count
     */
    public static int length(final Segment segment) {
        return segment.buffer().getInt(HeaderDescriptor.BODY_OFFSET + LENGTH_OFFSET);
    }

    /**
     * @param segment a value or array file
     * @return whether it has a lock
     */
    public static boolean hasLock(final Segment segment) {
        return segment.buffer().getInt(HeaderDescriptor.BODY_OFFSET + HAS_LOCK_OFFSET) != 0;
    }

    private static String typeName(final int type) {
        return switch (type) {
            case INT -> "int";
            case LONG -> "long";
            case DOUBLE -> "double";
            case BYTE -> "byte";
            default -> "unknown (" + type + ")";
        };
    }
}
