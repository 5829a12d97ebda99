package dev.mproc.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Atomic and ordered access to the words of a direct {@link ByteBuffer}, such as a {@link SharedMemory} block mapped
 * by several processes: plain, volatile and release/acquire reads and writes, compare-and-set, get-and-add and
 * get-and-set of {@code int}s and {@code long}s, in native byte order. The memory model's guarantees for these
 * operations hold between processes that map the same file, as they do between threads.
 *
 * <pre>{@code
 * AtomicBuffer words = block.atomicBuffer();
 * words.putLongRelease(0, 42);              // publish
 * long seen = words.getLongAcquire(0);      // in another process: 42, with everything written before it
 * words.getAndAddLong(8, 1);                // a counter many processes increment
 * }</pre>
 *
 * <p>It is built on the JDK's {@link MethodHandles#byteBufferViewVarHandle byte buffer view var handles}, which need
 * no JVM flag (the names of its methods are those of Agrona's {@code AtomicBuffer}, which mproc used before). Every
 * access is bounds-checked and throws {@link IndexOutOfBoundsException} outside {@code [0, capacity())}. The atomic
 * and ordered accesses of an {@code int} or {@code long} need an index aligned to its size (relative to the start of
 * the mapping, which is 64-byte aligned for a {@link SharedMemory}) and throw {@link IllegalStateException} when it
 * is not; plain accesses may be unaligned. A {@code byte} has no atomic read-modify-write here; its volatile read and
 * write are a plain access between fences.
 *
 * <p><b>Thread safety:</b> safe to share; what concurrent plain accesses see is the caller's to order. <b>Process
 * safety:</b> as for threads, between every process mapping the same memory.
 */
public final class AtomicBuffer {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle DOUBLE =
        MethodHandles.byteBufferViewVarHandle(double[].class, ByteOrder.nativeOrder());
    private static final int ZEROS = 4096;

    private final ByteBuffer memory;

    private AtomicBuffer(final ByteBuffer memory) {
        this.memory = memory;
    }

    /**
     * Wraps all of a direct buffer, from index 0 to its capacity, whatever its position and limit.
     *
     * @param buffer a direct buffer, such as a {@link java.nio.MappedByteBuffer}
     * @return the atomic view of its bytes
     * @throws IllegalArgumentException when the buffer is not direct (a heap buffer has no atomic word access)
     */
    public static AtomicBuffer wrap(final ByteBuffer buffer) {
        return wrap(buffer, 0, buffer.capacity());
    }

    /**
     * Wraps a region of a direct buffer: index 0 of the view is {@code offset} in the buffer.
     *
     * @param buffer a direct buffer
     * @param offset where the region starts
     * @param length its length in bytes
     * @return the atomic view of the region
     * @throws IllegalArgumentException  when the buffer is not direct
     * @throws IndexOutOfBoundsException when the region is not inside the buffer
     */
    public static AtomicBuffer wrap(final ByteBuffer buffer, final int offset, final int length) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("an atomic buffer needs a direct buffer, such as a mapped file");
        }
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        return new AtomicBuffer(buffer.slice(offset, length).order(ByteOrder.nativeOrder()));
    }

    /** @return the number of bytes, indexes 0 to {@code capacity() - 1} */
    public int capacity() {
        return memory.capacity();
    }

    /** @return a new {@link ByteBuffer} view of the same bytes: position 0, limit the capacity, native order */
    public ByteBuffer byteBuffer() {
        return memory.duplicate().order(ByteOrder.nativeOrder());
    }

    // int

    /**
     * @param index the byte index
     * @return the int there (plain read)
     */
    public int getInt(final int index) {
        return memory.getInt(index);
    }

    /**
     * @param index the byte index
     * @param value the int to write there (plain write)
     */
    public void putInt(final int index, final int value) {
        memory.putInt(index, value);
    }

    /**
     * @param index the byte index, aligned to 4
     * @return the int there (volatile read)
     */
    public int getIntVolatile(final int index) {
        return (int) INT.getVolatile(memory, index);
    }

    /**
     * @param index the byte index, aligned to 4
     * @param value the int to write there (volatile write)
     */
    public void putIntVolatile(final int index, final int value) {
        INT.setVolatile(memory, index, value);
    }

    /**
     * @param index the byte index, aligned to 4
     * @return the int there (acquire read)
     */
    public int getIntAcquire(final int index) {
        return (int) INT.getAcquire(memory, index);
    }

    /**
     * @param index the byte index, aligned to 4
     * @param value the int to write there (release write)
     */
    public void putIntRelease(final int index, final int value) {
        INT.setRelease(memory, index, value);
    }

    /**
     * @param index    the byte index, aligned to 4
     * @param expected the int expected there
     * @param update   the int to write when it is
     * @return whether it was there and is now replaced (volatile semantics)
     */
    public boolean compareAndSetInt(final int index, final int expected, final int update) {
        return INT.compareAndSet(memory, index, expected, update);
    }

    /**
     * @param index the byte index, aligned to 4
     * @param delta what to add
     * @return the int before (atomic)
     */
    public int getAndAddInt(final int index, final int delta) {
        return (int) INT.getAndAdd(memory, index, delta);
    }

    /**
     * @param index the byte index, aligned to 4
     * @param value the new int
     * @return the int before (atomic)
     */
    public int getAndSetInt(final int index, final int value) {
        return (int) INT.getAndSet(memory, index, value);
    }

    // long

    /**
     * @param index the byte index
     * @return the long there (plain read)
     */
    public long getLong(final int index) {
        return memory.getLong(index);
    }

    /**
     * @param index the byte index
     * @param value the long to write there (plain write)
     */
    public void putLong(final int index, final long value) {
        memory.putLong(index, value);
    }

    /**
     * @param index the byte index, aligned to 8
     * @return the long there (volatile read)
     */
    public long getLongVolatile(final int index) {
        return (long) LONG.getVolatile(memory, index);
    }

    /**
     * @param index the byte index, aligned to 8
     * @param value the long to write there (volatile write)
     */
    public void putLongVolatile(final int index, final long value) {
        LONG.setVolatile(memory, index, value);
    }

    /**
     * @param index the byte index, aligned to 8
     * @return the long there (acquire read)
     */
    public long getLongAcquire(final int index) {
        return (long) LONG.getAcquire(memory, index);
    }

    /**
     * @param index the byte index, aligned to 8
     * @param value the long to write there (release write)
     */
    public void putLongRelease(final int index, final long value) {
        LONG.setRelease(memory, index, value);
    }

    /**
     * @param index    the byte index, aligned to 8
     * @param expected the long expected there
     * @param update   the long to write when it is
     * @return whether it was there and is now replaced (volatile semantics)
     */
    public boolean compareAndSetLong(final int index, final long expected, final long update) {
        return LONG.compareAndSet(memory, index, expected, update);
    }

    /**
     * @param index the byte index, aligned to 8
     * @param delta what to add
     * @return the long before (atomic)
     */
    public long getAndAddLong(final int index, final long delta) {
        return (long) LONG.getAndAdd(memory, index, delta);
    }

    /**
     * @param index the byte index, aligned to 8
     * @param value the new long
     * @return the long before (atomic)
     */
    public long getAndSetLong(final int index, final long value) {
        return (long) LONG.getAndSet(memory, index, value);
    }

    // double and byte

    /**
     * @param index the byte index
     * @return the double there (plain read)
     */
    public double getDouble(final int index) {
        return memory.getDouble(index);
    }

    /**
     * @param index the byte index
     * @param value the double to write there (plain write)
     */
    public void putDouble(final int index, final double value) {
        memory.putDouble(index, value);
    }

    /**
     * @param index the byte index, aligned to 8
     * @return the double there (volatile read)
     */
    public double getDoubleVolatile(final int index) {
        return (double) DOUBLE.getVolatile(memory, index);
    }

    /**
     * @param index the byte index, aligned to 8
     * @param value the double to write there (volatile write)
     */
    public void putDoubleVolatile(final int index, final double value) {
        DOUBLE.setVolatile(memory, index, value);
    }

    /**
     * @param index the byte index
     * @return the byte there (plain read)
     */
    public byte getByte(final int index) {
        return memory.get(index);
    }

    /**
     * @param index the byte index
     * @param value the byte to write there (plain write)
     */
    public void putByte(final int index, final byte value) {
        memory.put(index, value);
    }

    /**
     * @param index the byte index
     * @return the byte there, ordered as a volatile read
     */
    public byte getByteVolatile(final int index) {
        VarHandle.fullFence();
        final byte value = memory.get(index);
        VarHandle.acquireFence();
        return value;
    }

    /**
     * @param index the byte index
     * @param value the byte to write there, ordered as a volatile write
     */
    public void putByteVolatile(final int index, final byte value) {
        VarHandle.releaseFence();
        memory.put(index, value);
        VarHandle.fullFence();
    }

    // bulk

    /**
     * Copies bytes out (plain reads).
     *
     * @param index       where to start reading
     * @param destination where to copy them, all of it
     */
    public void getBytes(final int index, final byte[] destination) {
        memory.get(index, destination, 0, destination.length);
    }

    /**
     * Copies bytes in (plain writes).
     *
     * @param index  where to start writing
     * @param source the bytes, all of them
     */
    public void putBytes(final int index, final byte[] source) {
        memory.put(index, source, 0, source.length);
    }

    /**
     * Sets a range to one byte value (plain writes).
     *
     * @param index  where the range starts
     * @param length its length
     * @param value  the byte
     */
    public void setMemory(final int index, final int length, final byte value) {
        Objects.checkFromIndexSize(index, length, capacity());
        final byte[] fill = new byte[Math.min(length, ZEROS)];
        if (value != 0) {
            Arrays.fill(fill, value);
        }
        for (int done = 0; done < length; done += fill.length) {
            memory.put(index + done, fill, 0, Math.min(fill.length, length - done));
        }
    }

    // The typed arrays' and values' accessors: package-private, so that the public methods stay Agrona's.

    /**
     * Sets a double if its bits are the expected one's: {@code -0.0} is not {@code 0.0}, a NaN matches the same NaN.
     *
     * @param index    the byte index, aligned to 8
     * @param expected the double expected there, compared as {@link Double#doubleToRawLongBits} gives it
     * @param update   the double to write when it is
     * @return whether it was there and is now replaced (volatile semantics)
     */
    boolean compareAndSetDouble(final int index, final double expected, final double update) {
        return compareAndSetLong(index, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /** @return the double at {@code index}, aligned to 8, before {@code value} replaced it (atomic) */
    double getAndSetDouble(final int index, final double value) {
        return Double.longBitsToDouble(getAndSetLong(index, Double.doubleToRawLongBits(value)));
    }

    /**
     * Adds to a double with a compare-and-set loop on its bits, as var handles have no get-and-add of a double.
     *
     * @param index the byte index, aligned to 8
     * @param delta what to add
     * @return the double before (atomic)
     */
    double getAndAddDouble(final int index, final double delta) {
        while (true) {
            final long bits = getLongVolatile(index);
            final double current = Double.longBitsToDouble(bits);
            if (compareAndSetLong(index, bits, Double.doubleToRawLongBits(current + delta))) {
                return current;
            }
        }
    }

    /** Copies {@code count} bytes from {@code source[offset]} on to {@code index} (plain writes). */
    void putBytes(final int index, final byte[] source, final int offset, final int count) {
        memory.put(index, source, offset, count);
    }

    /** @return a new array of the {@code count} bytes from {@code index} on (plain reads) */
    byte[] getBytes(final int index, final int count) {
        final byte[] copy = new byte[count];
        memory.get(index, copy);
        return copy;
    }

    /** Copies {@code count} ints from {@code source[offset]} on to byte index {@code index} (plain writes). */
    void putInts(final int index, final int[] source, final int offset, final int count) {
        region(index, count * Integer.BYTES).asIntBuffer().put(0, source, offset, count);
    }

    /** @return a new array of the {@code count} ints from byte index {@code index} on (plain reads) */
    int[] getInts(final int index, final int count) {
        final int[] copy = new int[count];
        region(index, count * Integer.BYTES).asIntBuffer().get(0, copy);
        return copy;
    }

    /** Copies {@code count} longs from {@code source[offset]} on to byte index {@code index} (plain writes). */
    void putLongs(final int index, final long[] source, final int offset, final int count) {
        region(index, count * Long.BYTES).asLongBuffer().put(0, source, offset, count);
    }

    /** @return a new array of the {@code count} longs from byte index {@code index} on (plain reads) */
    long[] getLongs(final int index, final int count) {
        final long[] copy = new long[count];
        region(index, count * Long.BYTES).asLongBuffer().get(0, copy);
        return copy;
    }

    /** Copies {@code count} doubles from {@code source[offset]} on to byte index {@code index} (plain writes). */
    void putDoubles(final int index, final double[] source, final int offset, final int count) {
        region(index, count * Double.BYTES).asDoubleBuffer().put(0, source, offset, count);
    }

    /** @return a new array of the {@code count} doubles from byte index {@code index} on (plain reads) */
    double[] getDoubles(final int index, final int count) {
        final double[] copy = new double[count];
        region(index, count * Double.BYTES).asDoubleBuffer().get(0, copy);
        return copy;
    }

    /** A native-order view of some bytes for a typed bulk copy; absolute, so that threads share no position. */
    private ByteBuffer region(final int index, final int length) {
        return memory.slice(index, length).order(ByteOrder.nativeOrder());
    }

    @Override
    public String toString() {
        return "AtomicBuffer[" + capacity() + " bytes]";
    }
}
