package dev.mproc.shm;

import java.io.IOException;

/**
 * Makes fixed-length arrays in shared memory without a lock (Python's {@code RawArray(typecode,
 * contents_or_length)}): their single-element operations are still atomic, and {@code getLock()} throws
 * {@link UnsupportedOperationException}; {@link Array} makes them with one.
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> each array is a new file; see the array classes.
 */
public final class RawArray {

    private RawArray() {
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code int} array holding them, without a lock
     * @throws IOException when its file cannot be made
     */
    public static IntArray ofInts(final int... contents) throws IOException {
        return IntArray.create(contents, false);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code int} array of zeros, without a lock
     * @throws IOException when its file cannot be made
     */
    public static IntArray newInts(final int length) throws IOException {
        return IntArray.create(new int[length], false);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code long} array holding them, without a lock
     * @throws IOException when its file cannot be made
     */
    public static LongArray ofLongs(final long... contents) throws IOException {
        return LongArray.create(contents, false);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code long} array of zeros, without a lock
     * @throws IOException when its file cannot be made
     */
    public static LongArray newLongs(final int length) throws IOException {
        return LongArray.create(new long[length], false);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code double} array holding them, without a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleArray ofDoubles(final double... contents) throws IOException {
        return DoubleArray.create(contents, false);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code double} array of zeros, without a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleArray newDoubles(final int length) throws IOException {
        return DoubleArray.create(new double[length], false);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code byte} array holding them, without a lock
     * @throws IOException when its file cannot be made
     */
    public static ByteArray ofBytes(final byte... contents) throws IOException {
        return ByteArray.create(contents, false);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code byte} array of zeros, without a lock
     * @throws IOException when its file cannot be made
     */
    public static ByteArray newBytes(final int length) throws IOException {
        return ByteArray.create(new byte[length], false);
    }
}
