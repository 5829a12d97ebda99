package dev.mproc.queue;

import dev.mproc.internal.Codec;
import dev.mproc.queue.internal.QueueStore;
import dev.mproc.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Helpers for tests: handles passed through files, a counter in a mapped file that survives SIGKILL, and what the
 * owner of a queue serves now (public for the tests of the internal package).
 */
public final class Shared {

    private Shared() {
    }

    /** Writes a queue (as its handle) to a file, as a process that cannot use a pipe would send it. */
    static void writeHandle(final Object queue, final Path file) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Codec.standard().encode(queue, bytes);
        final Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.write(partial, bytes.toByteArray());
        Files.move(partial, file);
    }

    /** Reads a handle written by {@link #writeHandle}, attaching the queue in this process. */
    static Object readHandle(final Path file, final Duration timeout) throws Exception {
        Await.until("a handle in " + file, () -> Files.exists(file), timeout);
        final byte[] bytes = Files.readAllBytes(file);
        return Codec.standard().decode(bytes, 0, bytes.length);
    }

    /**
     * What waits in a queue this process owns: the requests of attached processes parked there, which are blocked,
     * not about to block.
     */
    static QueueStore.Waiting waiting(final Queue<?> owned) {
        return ((QueueStore) owned.endpoint()).waiting();
    }

    /** How many connections of other processes the owner of this queue, this process, serves now. */
    public static int connections(final Queue<?> owned) {
        return ((QueueStore) owned.endpoint()).connections();
    }

    /** A long in a memory-mapped file: what a process writes there is kept by the page cache when it is killed. */
    static MappedByteBuffer counter(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 8);
            return buffer;
        }
    }
}
