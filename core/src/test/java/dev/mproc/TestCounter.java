package dev.mproc;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test-only IPC object, as another module would write one: it crosses into other processes as a {@link Handle}
 * naming its file, and re-attaches there (recording where it attached), so a test can see that a pool task captured
 * it and used it in the worker.
 */
final class TestCounter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long attachedIn;

    private TestCounter(final Path file, final long attachedIn) {
        this.file = file;
        this.attachedIn = attachedIn;
    }

    static TestCounter create(final Path file) throws IOException {
        Files.writeString(file, "");
        return new TestCounter(file, ProcessHandle.current().pid());
    }

    /** @return the pid of the process where this object was created or last attached */
    long attachedIn() {
        return attachedIn;
    }

    /** Appends one mark, from whatever process holds this object. */
    void increment() throws IOException {
        Files.writeString(file, "+", StandardOpenOption.APPEND);
    }

    int count() throws IOException {
        return Files.readString(file).length();
    }

    private Object writeReplace() {
        return new CounterHandle(file.toString());
    }

    /** What crosses: the file's path. */
    static final class CounterHandle extends Handle<TestCounter> {
        private static final long serialVersionUID = 1L;
        private final String path;

        CounterHandle(final String path) {
            this.path = path;
        }

        @Override
        protected TestCounter attach() throws IOException {
            final Path file = Path.of(path);
            if (!Files.exists(file)) {
                throw new NoSuchFileException(path, null, "the counter's file is gone");
            }
            return new TestCounter(file, ProcessHandle.current().pid());
        }
    }
}
