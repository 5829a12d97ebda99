package dev.mproc.internal.ring;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A ring's memory-mapped file (layout: {@link RingDescriptor}) and the ordered accesses to its words, through the
 * JDK's {@link VarHandle} views of the mapped buffer: no JVM flag is needed.
 *
 * <p>The creator makes the file exclusively with mode 0600; an attaching process opens it without following links
 * and refuses it unless it is a regular file of the current user with mode 0600 and the length its header states.
 * The mapping stays valid after {@link #unlink()}; it is released when the buffer is collected.
 *
 * <p><b>Thread safety:</b> the accessors are safe from any thread; which thread may write which word is the ring's
 * protocol ({@link RingWriter}, {@link RingReader}). <b>Process safety:</b> as {@link RingDescriptor} describes.
 */
public final class RingFile {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
        ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final MappedByteBuffer buffer;
    private final int capacity;

    private RingFile(final Path path, final MappedByteBuffer buffer, final int capacity) {
        this.path = path;
        this.buffer = buffer;
        this.capacity = capacity;
    }

    /**
     * Makes a new ring file, which must not exist.
     *
     * @param path     where; its directory should be private to the user
     * @param capacity bytes of the data area, a power of two
     * @return the mapped ring, empty
     * @throws IOException when the file exists or cannot be made
     */
    public static RingFile create(final Path path, final int capacity) throws IOException {
        final long length = RingDescriptor.fileLength(capacity);
        final FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (channel) {
            // The umask may have narrowed the mode; set it to exactly 0600.
            Files.setPosixFilePermissions(path, OWNER_ONLY);
            // Mapping past the end grows the file (with zeros: an empty ring, nobody parked).
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            buffer.order(ByteOrder.nativeOrder());
            buffer.putInt(RingDescriptor.VERSION_OFFSET, RingDescriptor.VERSION);
            buffer.putInt(RingDescriptor.CAPACITY_OFFSET, capacity);
            LONGS.setRelease(buffer, RingDescriptor.MAGIC_OFFSET, RingDescriptor.MAGIC);
            return new RingFile(path, buffer, capacity);
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Maps an existing ring file made by {@link #create}.
     *
     * @param path the file
     * @return the mapped ring
     * @throws AccessDeniedException when the file is a link, not a regular file, not the current user's, or not mode
     *                               0600
     * @throws IOException           when it cannot be opened, or is not a ring of this version
     */
    public static RingFile attach(final Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
            checkPrivate(path);
            final long size = channel.size();
            if (size < RingDescriptor.DATA_OFFSET + RingDescriptor.MIN_CAPACITY) {
                throw new IOException(path + " is too short for a ring: " + size + " bytes");
            }
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0,
                RingDescriptor.DATA_OFFSET);
            buffer.order(ByteOrder.nativeOrder());
            if ((long) LONGS.getAcquire(buffer, RingDescriptor.MAGIC_OFFSET) != RingDescriptor.MAGIC) {
                throw new IOException(path + " is not a ring file (or not initialised yet)");
            }
            final int version = buffer.getInt(RingDescriptor.VERSION_OFFSET);
            if (version != RingDescriptor.VERSION) {
                throw new IOException(path + " is a ring of version " + version + "; this is version "
                    + RingDescriptor.VERSION);
            }
            final int capacity = buffer.getInt(RingDescriptor.CAPACITY_OFFSET);
            RingDescriptor.checkCapacity(capacity);
            if (size != RingDescriptor.fileLength(capacity)) {
                throw new IOException(path + " has " + size + " bytes; its header says "
                    + RingDescriptor.fileLength(capacity));
            }
            final MappedByteBuffer whole = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            whole.order(ByteOrder.nativeOrder());
            return new RingFile(path, whole, capacity);
        } catch (final IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static void checkPrivate(final Path path) throws IOException {
        final PosixFileAttributes attributes = Files.getFileAttributeView(path, PosixFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS).readAttributes();
        final String owner = System.getProperty("user.name");
        if (!attributes.isRegularFile()) {
            throw new AccessDeniedException(path.toString(), null, "not a regular file");
        }
        if (!attributes.owner().getName().equals(owner)) {
            throw new AccessDeniedException(path.toString(), null, "owned by " + attributes.owner().getName()
                + ", not by " + owner);
        }
        if (!attributes.permissions().equals(OWNER_ONLY)) {
            throw new AccessDeniedException(path.toString(), null, "mode "
                + PosixFilePermissions.toString(attributes.permissions()) + ", not rw-------");
        }
    }

    /**
     * Removes the file's name; both sides keep their mappings.
     *
     * @throws IOException when it cannot be removed
     */
    public void unlink() throws IOException {
        Files.deleteIfExists(path);
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return bytes of the data area */
    public int capacity() {
        return capacity;
    }

    /** @return the mapped file; records are read and written through it with plain absolute accesses */
    MappedByteBuffer buffer() {
        return buffer;
    }

    long tailAcquire() {
        return (long) LONGS.getAcquire(buffer, RingDescriptor.TAIL_OFFSET);
    }

    long tailVolatile() {
        return (long) LONGS.getVolatile(buffer, RingDescriptor.TAIL_OFFSET);
    }

    void tailVolatile(final long value) {
        LONGS.setVolatile(buffer, RingDescriptor.TAIL_OFFSET, value);
    }

    long headAcquire() {
        return (long) LONGS.getAcquire(buffer, RingDescriptor.HEAD_OFFSET);
    }

    long headVolatile() {
        return (long) LONGS.getVolatile(buffer, RingDescriptor.HEAD_OFFSET);
    }

    void headVolatile(final long value) {
        LONGS.setVolatile(buffer, RingDescriptor.HEAD_OFFSET, value);
    }

    void parked(final int offset, final int value) {
        INTS.setVolatile(buffer, offset, value);
    }

    int parked(final int offset) {
        return (int) INTS.getVolatile(buffer, offset);
    }

    boolean unpark(final int offset) {
        return INTS.compareAndSet(buffer, offset, 1, 0);
    }
}
