package dev.mproc.testing;

import dev.mproc.Handle;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test-only IPC object: a counter in a file, that crosses into other processes as a {@link Handle} naming the file
 * and remembers in which process it was attached.
 */
public final class FileCounter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final transient long attachedIn;

    private FileCounter(final Path path) {
        this.path = path;
        this.attachedIn = ProcessHandle.current().pid();
    }

    /** Creates the counter file, empty: the count is its length. */
    public static FileCounter create(final Path path) throws IOException {
        Files.writeString(path, "");
        return new FileCounter(path);
    }

    /** Adds one by appending a byte, which is atomic across processes. */
    public void increment() {
        try {
            Files.writeString(path, "+", StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the count: how many increments reached the file */
    public int value() throws IOException {
        return (int) Files.size(path);
    }

    /** @return the pid of the process this instance was created or attached in */
    public long attachedIn() {
        return attachedIn;
    }

    private Object writeReplace() {
        return new CounterHandle(path.toString());
    }

    /** What crosses: the file's path. */
    private static final class CounterHandle extends Handle<FileCounter> {

        private static final long serialVersionUID = 1L;

        private final String path;

        CounterHandle(final String path) {
            this.path = path;
        }

        @Override
        protected FileCounter attach() throws IOException {
            final Path file = Path.of(path);
            if (!Files.exists(file)) {
                throw new NoSuchFileException(path, null, "the counter file is gone");
            }
            return new FileCounter(file);
        }

        @Override
        public String toString() {
            return "FileCounter handle " + path;
        }
    }
}
