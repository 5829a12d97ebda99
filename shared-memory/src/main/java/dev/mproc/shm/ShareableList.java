package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.ListSlots;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.ShareableListDescriptor;
import dev.mproc.shm.internal.SharedMemoryDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A fixed-length list shared by processes (Python's {@code multiprocessing.shared_memory.ShareableList}), stored in
 * a {@link SharedMemory} block: each element is a {@code long} (any Java integer is stored as one), a {@code double}
 * (a {@code float} is stored as one), a {@code boolean}, a {@link String}, a {@code byte[]} or {@code null}.
 *
 * <pre>{@code
 * try (ShareableList list = ShareableList.of("howdy", 42L, null)) {
 *     Process.start(() -> list.set(2, "from the child")).join();
 *     String seen = (String) list.get(2);                              // "from the child"
 * }
 * }</pre>
 *
 * <p>As in Python, the length and each slot's capacity are fixed at creation: 8 bytes for a number, a boolean or
 * null, and {@code 8 * (n / 8 + 1)} bytes for a string of n bytes of UTF-8 or a byte array of n bytes (Python counts a
 * string's characters, and silently truncates one whose UTF-8 is longer). A slot may later hold a value of another
 * type if it fits ({@link #set} of a string or byte array longer than the slot's {@link #capacity} fails with an
 * {@link IllegalArgumentException}, as Python raises {@code ValueError}, and changes nothing). Unlike Python,
 * trailing zero bytes of a string or byte array are kept, indexes are not negative, and values compare by Java's
 * equality ({@code 1L} is not {@code 1.0} nor {@code true}; byte arrays by content).
 * {@link #get} returns a {@link Long}, {@link Double}, {@link Boolean}, {@link String}, a new {@code byte[]} or
 * {@code null}.
 *
 * <p>Layout: the block's bytes hold a slot table, then each slot with a sequence word, its type, its length and its
 * data; see {@link ShareableListDescriptor} for the box diagram. The block is an ordinary {@link SharedMemory}
 * ({@link #shm()}, or {@code SharedMemory.attach(list.name())}), as in Python.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> {@link #get} and {@link #set} of one slot
 * are atomic across processes: a read returns the value of exactly one write, never a mix of two (each slot has a
 * sequence lock: writers of a slot exclude each other, readers retry while one writes), and what a process did before
 * a {@code set} happens-before what a process does after a {@code get} that returns that value. Different slots are
 * independent, so reading the whole list ({@link #toList()}, {@link #count}, {@link #index}) is not one atomic
 * snapshot; hold a {@link Lock} around compound updates. A process killed in the middle of a {@code set} leaves the
 * slot to whoever next reads or writes it: within a few milliseconds that process takes it over and stores
 * {@code null} (the half-written value is lost). It crosses into a child process as a handle with its name, whatever
 * its length. {@link #close()} is per process; as for any {@link SharedMemory}, the block's name stays until
 * {@code shm().unlink()}, or until the process that created it exits (then with a warning, as a leak).
 */
public final class ShareableList extends SharedObject implements Iterable<Object> {

    private static final long serialVersionUID = 1L;
    private static final int DATA = HeaderDescriptor.BODY_OFFSET + SharedMemoryDescriptor.DATA_OFFSET;

    private final transient SharedMemory shm;
    private final transient ListSlots slots;

    private ShareableList(final Segment segment) throws IOException {
        super(segment, ShareableList::attach);
        try {
            this.slots = ListSlots.attach(segment, DATA, segment.name());
        } catch (final IOException e) {
            segment.close();
            throw e;
        }
        segment.retain();
        this.shm = new SharedMemory(segment);
    }

    /**
     * Creates a list of these values, in a block with a fresh name.
     *
     * @param values the values: integers, floating-point numbers, booleans, strings, byte arrays and nulls
     * @return the list
     * @throws IllegalArgumentException when a value is of another type, or the list would be too large
     * @throws IOException              when its block cannot be made
     */
    public static ShareableList of(final Object... values) throws IOException {
        return create(null, Arrays.asList(values));
    }

    /**
     * Creates a list of these values, in a block with a fresh name.
     *
     * @param values the values: integers, floating-point numbers, booleans, strings, byte arrays and nulls (another
     *               {@code ShareableList} is copied)
     * @return the list
     * @throws IllegalArgumentException when a value is of another type, or the list would be too large
     * @throws IOException              when its block cannot be made
     */
    public static ShareableList create(final Iterable<?> values) throws IOException {
        return create(null, values);
    }

    /**
     * Creates a list of these values, in a block with a chosen name, for unrelated processes to {@link #attach}.
     *
     * @param name   the block's name (as {@link SharedMemory#create(String, int)}), or null for a fresh one
     * @param values the values
     * @return the list
     * @throws java.nio.file.FileAlreadyExistsException when a block of that name exists
     * @throws IllegalArgumentException                 when a value is of another type, or the list too large
     * @throws IOException                              when its block cannot be made
     */
    public static ShareableList create(final String name, final Iterable<?> values) throws IOException {
        final List<Object> normalised = new ArrayList<>();
        for (final Object value : Objects.requireNonNull(values, "values")) {
            normalised.add(normalise(value, true));
        }
        final long length = ListSlots.length(normalised, SharedMemory.MAX_SIZE);
        return new ShareableList(Segment.create(Kind.SHARED_MEMORY, name, length,
            buffer -> ListSlots.initialise(buffer, DATA, normalised)));
    }

    /**
     * Attaches to a list created by another process (or this one), Python's {@code ShareableList(name=...)}.
     *
     * @param name its {@link #name()}
     * @return the list
     * @throws java.nio.file.NoSuchFileException when there is no block of that name
     * @throws IOException                       when the block holds something else than a list
     */
    public static ShareableList attach(final String name) throws IOException {
        return new ShareableList(Segment.attach(name, Kind.SHARED_MEMORY));
    }

    /** @return how many elements it has, fixed at creation */
    public int size() {
        return slots.count();
    }

    /**
     * @param index an index, 0 to {@link #size()} - 1
     * @return the element: a {@link Long}, {@link Double}, {@link Boolean}, {@link String}, new {@code byte[]} or null
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public Object get(final int index) {
        ensureOpen();
        return slots.read(Objects.checkIndex(index, slots.count()));
    }

    /**
     * Replaces an element; the value may be of another type than the one it replaces, if it fits the slot.
     *
     * @param index an index, 0 to {@link #size()} - 1
     * @param value an integer, floating-point number, boolean, string, byte array or null
     * @throws IndexOutOfBoundsException when the index is out of range
     * @throws IllegalArgumentException  when the value is of another type, or a string's UTF-8 or a byte array is
     *                                   longer than the slot's {@link #capacity} ("exceeds available storage");
     *                                   the element is then unchanged
     */
    public void set(final int index, final Object value) {
        ensureOpen();
        slots.write(Objects.checkIndex(index, slots.count()), normalise(value, true));
    }

    /**
     * @param index an index, 0 to {@link #size()} - 1
     * @return how many bytes of UTF-8 or of a byte array the slot can hold, fixed at creation
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public int capacity(final int index) {
        ensureOpen();
        return slots.capacity(Objects.checkIndex(index, slots.count()));
    }

    /**
     * @param value a value
     * @return how many elements equal it now (each element read atomically, the whole not a snapshot)
     */
    public int count(final Object value) {
        ensureOpen();
        final Object wanted = normalise(value, false);
        int count = 0;
        for (int i = 0; i < slots.count(); i++) {
            if (same(wanted, slots.read(i))) {
                count++;
            }
        }
        return count;
    }

    /**
     * @param value a value
     * @return the index of the first element equal to it
     * @throws NoSuchElementException when no element equals it (Python's {@code ValueError})
     */
    public int index(final Object value) {
        ensureOpen();
        final Object wanted = normalise(value, false);
        for (int i = 0; i < slots.count(); i++) {
            if (same(wanted, slots.read(i))) {
                return i;
            }
        }
        throw new NoSuchElementException(describe(value) + " is not in " + this);
    }

    /** @return the block the list lives in, Python's {@code sl.shm}; closed with this list */
    public SharedMemory shm() {
        ensureOpen();
        return shm;
    }

    /** @return the elements now, in a new unmodifiable list (each read atomically, the whole not a snapshot) */
    public List<Object> toList() {
        ensureOpen();
        final List<Object> copy = new ArrayList<>(slots.count());
        for (int i = 0; i < slots.count(); i++) {
            copy.add(slots.read(i));
        }
        return Collections.unmodifiableList(copy);
    }

    /** @return an iterator reading each element when it is reached */
    @Override
    public Iterator<Object> iterator() {
        ensureOpen();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < slots.count();
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    /** Stops using the list and its {@link #shm()} in this process; idempotent. */
    @Override
    public void close() {
        super.close();
        shm.close();
    }

    /** @return the name and, while open, the elements (byte arrays as their numbers) */
    @Override
    public String toString() {
        if (isClosed()) {
            return super.toString();
        }
        final StringBuilder text = new StringBuilder(super.toString()).append(" [");
        for (int i = 0; i < slots.count(); i++) {
            text.append(i == 0 ? "" : ", ").append(describe(slots.read(i)));
        }
        return text.append(']').toString();
    }

    private static Object normalise(final Object value, final boolean strict) {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof Boolean
            || value instanceof String || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (strict) {
            throw new IllegalArgumentException("a ShareableList holds integers, floating-point numbers, booleans, "
                + "strings, byte arrays and nulls, not a " + value.getClass().getName());
        }
        return value;
    }

    private static boolean same(final Object wanted, final Object element) {
        if (wanted instanceof byte[] && element instanceof byte[]) {
            return Arrays.equals((byte[]) wanted, (byte[]) element);
        }
        return Objects.equals(wanted, element);
    }

    private static String describe(final Object value) {
        return value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
    }
}
