package dev.mproc.shm;

import java.io.IOException;

/**
 * Makes fixed-length arrays in shared memory, each with a lock for compound updates (Python's
 * {@code Array(typecode, contents_or_length)}); {@link RawArray} makes them without.
 *
 * <pre>{@code
 * IntArray arr = Array.ofInts(0, 1, 2, 3);
 * Process.start(() -> { for (int i = 0; i < arr.length(); i++) arr.set(i, -arr.get(i)); }).join();
 * int[] seen = arr.toArray();                            // [0, -1, -2, -3]
 * }</pre>
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> each array is a new file; see the array classes.
 */
public final class Array {

    private Array() {
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code int} array holding them, with a lock
     * @throws IOException when its file cannot be made
     */
    public static IntArray ofInts(final int... contents) throws IOException {
        return IntArray.create(contents, true);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code int} array of zeros, with a lock
     * @throws IOException when its file cannot be made
     */
    public static IntArray newInts(final int length) throws IOException {
        return IntArray.create(new int[length], true);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code long} array holding them, with a lock
     * @throws IOException when its file cannot be made
     */
    public static LongArray ofLongs(final long... contents) throws IOException {
        return LongArray.create(contents, true);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code long} array of zeros, with a lock
     * @throws IOException when its file cannot be made
     */
    public static LongArray newLongs(final int length) throws IOException {
        return LongArray.create(new long[length], true);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code double} array holding them, with a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleArray ofDoubles(final double... contents) throws IOException {
        return DoubleArray.create(contents, true);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code double} array of zeros, with a lock
     * @throws IOException when its file cannot be made
     */
    public static DoubleArray newDoubles(final int length) throws IOException {
        return DoubleArray.create(new double[length], true);
    }

    /**
     * @param contents the initial elements
     * @return a new shared {@code byte} array holding them, with a lock
     * @throws IOException when its file cannot be made
     */
    public static ByteArray ofBytes(final byte... contents) throws IOException {
        return ByteArray.create(contents, true);
    }

    /**
     * @param length how many elements
     * @return a new shared {@code byte} array of zeros, with a lock
     * @throws IOException when its file cannot be made
     */
    public static ByteArray newBytes(final int length) throws IOException {
        return ByteArray.create(new byte[length], true);
    }
}
