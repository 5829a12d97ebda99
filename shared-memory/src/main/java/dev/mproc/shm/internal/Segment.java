package dev.mproc.shm.internal;

import dev.mproc.internal.ExitCleanup;
import dev.mproc.internal.OwnedFiles;
import dev.mproc.internal.RuntimeDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import dev.mproc.shm.AtomicBuffer;

/**
 * One mapped shared-memory file in this process: created or attached once per process and shared by every object
 * that uses it here (a reference count), with this process's key in the file's attached-process table while mapped.
 *
 * <p>Files live in {@code /dev/shm}, or in the runtime directory where there is none, named
 * {@code mproc-<kind>-<pid>-<token>} (core's {@link OwnedFiles} scheme) or {@code mproc-<name>} for a name chosen by
 * the user, with mode 0600; {@link SegmentFiles} makes and opens them, refusing links and files that are not this
 * user's and private. A file is removed when its last live user closes it (but a raw block, which
 * {@linkplain #keepsName() keeps its name}, only when unlinked or when its creator has ended), when it is unlinked, or
 * by the {@linkplain #sweep() sweep} once its owner, or every process that had it mapped, is dead.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> see {@link HeaderDescriptor}. The mapping
 * itself is never unmapped explicitly (a thread still using it would crash the JVM); the garbage collector unmaps it.
 */
public final class Segment {

    /** The prefix of every file name. */
    public static final String PREFIX = "mproc-";

    private static final System.Logger LOG = System.getLogger(Segment.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,200}");
    private static final Map<Path, Segment> OPEN = new HashMap<>();
    /** The named blocks this process created and has not unlinked: their file keys; guarded by OPEN. */
    private static final Map<Path, Object> CREATED = new HashMap<>();
    private static OwnedFiles files;

    private final Path path;
    private final String name;
    private final Kind kind;
    private final MappedByteBuffer mapped;
    private final AtomicBuffer buffer;
    private final Object fileKey;
    private final int slot;
    private int references = 1;

    private Segment(final Path path, final Kind kind, final MappedByteBuffer mapped, final AtomicBuffer buffer,
                    final Object fileKey, final int slot) {
        this.path = path;
        this.name = path.getFileName().toString().substring(PREFIX.length());
        this.kind = kind;
        this.mapped = mapped;
        this.buffer = buffer;
        this.fileKey = fileKey;
        this.slot = slot;
    }

    /**
     * Creates a new file, initialises its header and body, and maps it.
     *
     * @param kind       what it holds
     * @param name       the name chosen by the user, or null for a fresh one
     * @param bodyLength the body's length in bytes
     * @param body       writes the body's initial words (plain stores; the header's magic publishes them)
     * @return the mapped segment
     * @throws IOException when the file cannot be made (the name exists, no space)
     */
    public static Segment create(final Kind kind, final String name, final long bodyLength,
                                 final Consumer<AtomicBuffer> body) throws IOException {
        final long fileLength = HeaderDescriptor.fileLength(bodyLength);
        if (bodyLength < 0 || fileLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size " + bodyLength + " is out of range: 0 to "
                + (Integer.MAX_VALUE - HeaderDescriptor.BODY_OFFSET - HeaderDescriptor.ALIGNMENT) + " bytes");
        }
        final Path path;
        synchronized (OPEN) {
            final OwnedFiles owned = files();
            if (name == null) {
                path = owned.newPath(kind.label(), "");
                // Lifetime follows the attached-process table, not this process's exit.
                owned.disown(path);
            } else {
                path = owned.directory().resolve(PREFIX + checkName(name));
            }
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = SegmentFiles.create(path)) {
            channel.write(ByteBuffer.allocate(1), fileLength - 1);
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
        } catch (final FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(path.toString(), null,
                "shared memory '" + path.getFileName().toString().substring(PREFIX.length()) + "' exists already");
        }
        try {
            final AtomicBuffer buffer = AtomicBuffer.wrap(mapped);
            HeaderDescriptor.initialise(buffer, kind, bodyLength);
            final int slot = claimSlot(buffer, path);
            body.accept(buffer);
            buffer.putLongRelease(HeaderDescriptor.MAGIC_OFFSET, HeaderDescriptor.MAGIC);
            final Segment segment = new Segment(path, kind, mapped, buffer, fileKey(path), slot);
            synchronized (OPEN) {
                OPEN.put(path, segment);
                if (segment.keepsName()) {
                    CREATED.put(path, segment.fileKey);
                }
            }
            if (segment.keepsName()) {
                // As Python's resource tracker: the name lives until unlink(), or until its creator has ended.
                buffer.putLongVolatile(HeaderDescriptor.OWNER_OFFSET, Pids.selfKey());
            }
            return segment;
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Maps an existing file, checking its header once, or shares this process's mapping of it.
     *
     * @param name the file's name (without the {@value #PREFIX} prefix)
     * @param kind the kind the caller expects
     * @return the mapped segment
     * @throws IOException when there is no such file, or it is of another kind or corrupt
     * @throws java.nio.file.AccessDeniedException when it is a link, or not a private (0600) file of this user
     */
    public static Segment attach(final String name, final Kind kind) throws IOException {
        final Path path;
        synchronized (OPEN) {
            path = files().directory().resolve(PREFIX + checkName(Objects.requireNonNull(name, "name")));
            final Segment open = OPEN.get(path);
            if (open != null && open.fileKey.equals(fileKeyOrNull(path))) {
                HeaderDescriptor.check(open.buffer, name, kind);
                open.references++;
                return open;
            }
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = SegmentFiles.open(path)) {
            final long size = channel.size();
            if (size < HeaderDescriptor.BODY_OFFSET || size > Integer.MAX_VALUE) {
                throw new IOException("'" + name + "' is not an mproc shared-memory file (" + size + " bytes)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (final NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no shared memory named '" + name + "'");
        }
        final AtomicBuffer buffer = AtomicBuffer.wrap(mapped);
        HeaderDescriptor.check(buffer, name, kind);
        final int slot = claimSlot(buffer, path);
        final Object key = fileKeyOrNull(path);
        final Segment segment = new Segment(path, kind, mapped, buffer, key, slot);
        if (key == null) {
            segment.releaseSlot();
            throw new NoSuchFileException(path.toString(), null,
                "shared memory '" + name + "' was removed while attaching (its last user closed it)");
        }
        synchronized (OPEN) {
            final Segment raced = OPEN.get(path);
            if (raced != null && raced.fileKey.equals(key)) {
                segment.releaseSlot();
                raced.references++;
                return raced;
            }
            OPEN.put(path, segment);
        }
        return segment;
    }

    /** @return the name, without the {@value #PREFIX} prefix */
    public String name() {
        return name;
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return what it holds */
    public Kind kind() {
        return kind;
    }

    /** @return the whole file, header included */
    public AtomicBuffer buffer() {
        return buffer;
    }

    /** @return the whole mapping, header included; for views of regions of it */
    public MappedByteBuffer mapped() {
        return mapped;
    }

    /** @return the body's length */
    public long bodyLength() {
        return buffer.getLong(HeaderDescriptor.BODY_LENGTH_OFFSET);
    }

    /**
     * @return a new native-order view of the body (position 0, limit the body's length)
     */
    public ByteBuffer bodyView() {
        return mapped.duplicate().position(HeaderDescriptor.BODY_OFFSET)
            .limit(HeaderDescriptor.BODY_OFFSET + (int) bodyLength()).slice().order(ByteOrder.nativeOrder());
    }

    /**
     * Whether a process whose pid is in a lock word is alive, using its key in the table (which tells a reused pid).
     *
     * @param pid a pid
     * @return false when it is dead
     */
    public boolean isPidAlive(final long pid) {
        for (int i = 0; i < HeaderDescriptor.PID_SLOTS; i++) {
            final long key = buffer.getLongVolatile(HeaderDescriptor.pidSlotOffset(i));
            if (key != 0 && Pids.pidOf(key) == pid) {
                return Pids.isAlive(key);
            }
        }
        return Pids.isAlive(pid);
    }

    /** Adds one use in this process (an object viewing part of the file, such as a value's lock). */
    public void retain() {
        synchronized (OPEN) {
            if (references == 0) {
                throw new IllegalStateException(this + " is closed");
            }
            references++;
        }
    }

    /**
     * Drops one of this process's uses; the last one takes this process out of the file's table, and removes the file
     * when no live process is left in it, unless it {@linkplain #keepsName() keeps its name}.
     */
    public void close() {
        synchronized (OPEN) {
            if (references == 0 || --references > 0) {
                return;
            }
            OPEN.remove(path, this);
        }
        releaseSlot();
        if (!keepsName() && !hasLiveUsers(buffer, true)) {
            removeFile();
        }
    }

    /**
     * @return whether the file's name outlives its users, as Python's {@code SharedMemory} does: a raw block is
     *         removed by {@link #unlink()} only, or once its creator has ended (then with a warning, as a leak); the
     *         objects whose memory Python hides (values, arrays, locks) go with their last user
     */
    public boolean keepsName() {
        return kind == Kind.SHARED_MEMORY;
    }

    /**
     * Removes the file's name now; processes that have it mapped keep using it, nobody can attach any more.
     *
     * @throws NoSuchFileException when the name is already gone (unlinked before, by any process), as Python's
     *                             {@code unlink()} raises {@code FileNotFoundError}
     */
    public void unlink() throws NoSuchFileException {
        // Only this file: a name unlinked and created again by someone else is another block.
        synchronized (OPEN) {
            CREATED.remove(path, fileKey);
        }
        if (!fileKey.equals(fileKeyOrNull(path)) || !deleteQuietly(path)) {
            throw new NoSuchFileException(path.toString(), null, "already unlinked");
        }
    }

    /**
     * Ties the file's name to this process's life: once this process is dead, however it died, the sweep of any later
     * process removes the name, even while other processes still have the file mapped (they keep using it). For
     * blocks owned by a {@code SharedMemoryManager}, which unlinks them itself: no leak is reported for them at exit.
     */
    public void unlinkWhenThisProcessDies() {
        buffer.putLongVolatile(HeaderDescriptor.OWNER_OFFSET, Pids.selfKey());
        synchronized (OPEN) {
            CREATED.remove(path, fileKey);
        }
    }

    /**
     * Removes files whose every user died without closing them ({@code kill -9}), and files whose owning process
     * ({@link #unlinkWhenThisProcessDies()}) is dead, even if this process has them mapped.
     *
     * @return how many were removed
     */
    public static int sweep() {
        final List<Path> candidates = new ArrayList<>();
        final Path directory;
        synchronized (OPEN) {
            directory = files().directory();
        }
        try (var stream = Files.newDirectoryStream(directory, PREFIX + "*")) {
            stream.forEach(candidates::add);
        } catch (final IOException e) {
            return 0;
        }
        int removed = 0;
        for (final Path file : candidates) {
            final boolean mappedHere;
            synchronized (OPEN) {
                mappedHere = OPEN.containsKey(file);
            }
            if (isAbandoned(file, mappedHere) && deleteQuietly(file)) {
                LOG.log(System.Logger.Level.DEBUG, "removed {0}: its owner, or every process that used it, is dead",
                    file);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public String toString() {
        return kind.label() + " '" + name + "'";
    }

    /** @return whether its owner is dead, or (unless this process has it mapped) every process that used it */
    private static boolean isAbandoned(final Path file, final boolean mappedHere) {
        final long namedPid = files.ownerPid(file.getFileName().toString());
        try (FileChannel channel = SegmentFiles.open(file)) {
            final ByteBuffer header = ByteBuffer.allocateDirect(HeaderDescriptor.BODY_OFFSET)
                .order(ByteOrder.nativeOrder());
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // Read the whole header, or what there is.
            }
            if (header.position() < HeaderDescriptor.BODY_OFFSET
                || header.getLong(HeaderDescriptor.MAGIC_OFFSET) != HeaderDescriptor.MAGIC) {
                // Not initialised: only a file named after a dead creator is known to be abandoned.
                return !mappedHere && namedPid > 0 && !Pids.isAlive(namedPid);
            }
            final long owner = header.getLong(HeaderDescriptor.OWNER_OFFSET);
            if (owner != 0) {
                // A block whose name its owner keeps: it goes when the owner has ended, mapped or not.
                return !Pids.isAlive(owner);
            }
            return !mappedHere && !hasLiveUsers(AtomicBuffer.wrap(header), false);
        } catch (final IOException e) {
            // Gone, or refused (a link, another user's file): not this process's to read or remove.
            return false;
        }
    }

    private static boolean hasLiveUsers(final AtomicBuffer buffer, final boolean clearDead) {
        boolean live = false;
        for (int i = 0; i < HeaderDescriptor.PID_SLOTS; i++) {
            final int offset = HeaderDescriptor.pidSlotOffset(i);
            final long key = buffer.getLongVolatile(offset);
            if (key != 0) {
                if (Pids.isAlive(key)) {
                    live = true;
                } else if (clearDead) {
                    buffer.compareAndSetLong(offset, key, 0);
                }
            }
        }
        return live;
    }

    private static int claimSlot(final AtomicBuffer buffer, final Path path) throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < HeaderDescriptor.PID_SLOTS; i++) {
                final int offset = HeaderDescriptor.pidSlotOffset(i);
                if (buffer.getLongVolatile(offset) == 0 && buffer.compareAndSetLong(offset, 0, Pids.selfKey())) {
                    return i;
                }
            }
            hasLiveUsers(buffer, true);
        }
        throw new IOException("too many processes have " + path + " mapped: at most " + HeaderDescriptor.PID_SLOTS);
    }

    private void releaseSlot() {
        buffer.compareAndSetLong(HeaderDescriptor.pidSlotOffset(slot), Pids.selfKey(), 0);
    }

    private void removeFile() {
        if (fileKey.equals(fileKeyOrNull(path))) {
            deleteQuietly(path);
        }
    }

    private static void closeAll() {
        final List<Segment> segments;
        synchronized (OPEN) {
            segments = new ArrayList<>(OPEN.values());
        }
        for (final Segment segment : segments) {
            synchronized (OPEN) {
                segment.references = 1;
            }
            segment.close();
        }
        removeLeakedNames();
    }

    /**
     * Removes the names of the raw blocks this process created and never unlinked, each with a WARNING: what Python's
     * resource tracker does at its process's end, and what this process does at exit. (At exit the warning goes
     * through {@link System.Logger} while the JVM shuts down; a logging backend that has already shut itself down,
     * as {@code java.util.logging} may in its own shutdown hook, drops it. The name goes regardless.)
     *
     * @return how many names were removed
     */
    public static int removeLeakedNames() {
        final Map<Path, Object> leaked;
        synchronized (OPEN) {
            leaked = new HashMap<>(CREATED);
            CREATED.clear();
        }
        int removed = 0;
        for (final Map.Entry<Path, Object> entry : leaked.entrySet()) {
            final Path path = entry.getKey();
            if (entry.getValue().equals(fileKeyOrNull(path)) && deleteQuietly(path)) {
                removed++;
                LOG.log(System.Logger.Level.WARNING, "shared memory ''{0}'' was never unlinked: removed at the end of"
                    + " the process that created it; call unlink() once no process needs to attach to it any more",
                    path.getFileName().toString().substring(PREFIX.length()));
            }
        }
        return removed;
    }

    private static OwnedFiles files() {
        if (files == null) {
            final Path shm = Paths.get("/dev/shm");
            final Path directory;
            if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                directory = shm;
            } else {
                RuntimeDirectory.ensureExists();
                directory = RuntimeDirectory.path();
            }
            files = new OwnedFiles(directory, PREFIX);
            ExitCleanup.register(Segment::closeAll);
            sweep();
        }
        return files;
    }

    private static String checkName(final String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("shared-memory name '" + name
                + "' must be 1 to 201 letters, digits, '.', '_' or '-', not starting with '-'");
        }
        return name;
    }

    private static Object fileKey(final Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Object fileKeyOrNull(final Path path) {
        try {
            return fileKey(path);
        } catch (final IOException e) {
            return null;
        }
    }

    private static boolean deleteQuietly(final Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (final IOException e) {
            return false;
        }
    }
}
