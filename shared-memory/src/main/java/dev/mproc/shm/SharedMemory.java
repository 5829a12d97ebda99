package dev.mproc.shm;

import dev.mproc.shm.internal.HeaderDescriptor;
import dev.mproc.shm.internal.Kind;
import dev.mproc.shm.internal.Segment;
import dev.mproc.shm.internal.SharedMemoryDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;

/**
 * A block of bytes shared by processes (Python's {@code multiprocessing.shared_memory.SharedMemory}), seen as a
 * {@link ByteBuffer} or as an {@link AtomicBuffer} for atomic and ordered access to its words.
 *
 * <pre>{@code
 * try (SharedMemory block = SharedMemory.create(4096)) {
 *     block.atomicBuffer().putLongVolatile(0, 42);
 *     Process.start(() -> block.atomicBuffer().getAndAddLong(0, 1)).join();
 *     long seen = block.atomicBuffer().getLongVolatile(0);                  // 43: the child's add
 * }
 * }</pre>
 *
 * <p>Its bytes start zeroed, in native byte order in both views; offset 0 is 64-byte aligned, so aligned words can be
 * used atomically. At most {@value #MAX_SIZE} bytes.
 *
 * <p><b>Thread safety:</b> the object is safe to share; the views are new for each call ({@link ByteBuffer}
 * positions are per view), and what the bytes mean under concurrency is the caller's: use the atomic buffer's
 * volatile or release/acquire methods, or a {@link Lock}. <b>Process safety:</b> every process that has it sees the
 * same bytes.
 *
 * <p><b>Lifetime, as in Python.</b> {@link #close()} only stops this process's use of the block; the name stays, so
 * the block can be attached again later, here or anywhere, until some process calls {@link #unlink()} (those that
 * have it mapped keep using it; nobody else can attach). A block never unlinked is removed when the process that
 * created it exits, with a WARNING naming it (Python's resource tracker warns of "leaked shared_memory objects"), or,
 * if that process was killed, by the next mproc process that uses shared memory. Unlike Python, where children share
 * their parent's tracker, that is the creating process itself even when it is a child: a block that must outlive the
 * child that made it is created in the parent, or attached there before the child ends. The usual pattern: the creator
 * {@code unlink()}s once every process that needs the block has attached, or at its end:
 *
 * <pre>{@code
 * try (SharedMemory block = SharedMemory.create(4096)) {
 *     ... // children attach to it, by capturing it or by name
 *     block.unlink();
 * }
 * }</pre>
 */
public final class SharedMemory extends SharedObject {

    /** The largest size. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - HeaderDescriptor.BODY_OFFSET - HeaderDescriptor.ALIGNMENT;

    private static final long serialVersionUID = 1L;
    private static final int DATA = HeaderDescriptor.BODY_OFFSET + SharedMemoryDescriptor.DATA_OFFSET;

    private final transient int size;
    private final transient AtomicBuffer atomic;

    /** @param segment a file of kind {@link Kind#SHARED_MEMORY}, whose use this object takes over */
    SharedMemory(final Segment segment) {
        super(segment, SharedMemory::attach);
        this.size = (int) segment.bodyLength();
        this.atomic = AtomicBuffer.wrap(segment.mapped(), DATA, size);
    }

    /**
     * Creates a block with a fresh name.
     *
     * @param size its size in bytes, 0 to {@link #MAX_SIZE}
     * @return the block, zeroed
     * @throws IOException when its file cannot be made
     */
    public static SharedMemory create(final int size) throws IOException {
        return new SharedMemory(Segment.create(Kind.SHARED_MEMORY, null, checkSize(size), buffer -> { }));
    }

    /**
     * Creates a block with a chosen name, for unrelated processes to {@link #attach(String)} to.
     *
     * @param name letters, digits, {@code .}, {@code _} and {@code -}, at most 201
     * @param size its size in bytes, 0 to {@link #MAX_SIZE}
     * @return the block, zeroed
     * @throws java.nio.file.FileAlreadyExistsException when a block of that name exists
     * @throws IOException when its file cannot be made
     */
    public static SharedMemory create(final String name, final int size) throws IOException {
        return new SharedMemory(Segment.create(Kind.SHARED_MEMORY, name, checkSize(size), buffer -> { }));
    }

    /**
     * Attaches to a block created by another process (or this one).
     *
     * @param name its {@link #name()}
     * @return the block
     * @throws java.nio.file.NoSuchFileException when there is no block of that name
     * @throws java.nio.file.AccessDeniedException when the name is a symbolic link, or a file that is not this user's
     *                                             or not private (mode 0600): another user could read it, or truncate
     *                                             it and crash this process
     * @throws IOException when the name is of something else, or the file is corrupt
     */
    public static SharedMemory attach(final String name) throws IOException {
        return new SharedMemory(Segment.attach(name, Kind.SHARED_MEMORY));
    }

    /** @return its size in bytes */
    public int size() {
        return size;
    }

    /** @return a new view of the bytes: position 0, limit and capacity {@link #size()}, native byte order */
    public ByteBuffer buffer() {
        ensureOpen();
        return segment.bodyView();
    }

    /** @return the atomic view of the bytes, indexes 0 to {@link #size()} - 1 */
    public AtomicBuffer atomicBuffer() {
        ensureOpen();
        return atomic;
    }

    /**
     * Stops using the block in this process: the mapping goes once nothing here uses it. The name stays until
     * {@link #unlink()} (see the class comment); idempotent. Other threads must have stopped using this object.
     */
    @Override
    public void close() {
        super.close();
    }

    /**
     * Removes the name now, so nobody else can attach; processes that have the block keep using it.
     *
     * @throws NoSuchFileException when the name is already gone: unlinked before, here or in another process (Python's
     *                             {@code FileNotFoundError})
     */
    public void unlink() throws NoSuchFileException {
        segment.unlink();
    }

    private static int checkSize(final int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size " + size + " is out of range: 0 to " + MAX_SIZE + " bytes");
        }
        return size;
    }
}
