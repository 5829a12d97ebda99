package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mproc.internal.OwnedFiles;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a shared-memory file ({@code mproc-*}) in {@code /dev/shm} (or the runtime
 * directory where there is none) once its objects are closed: a file of this JVM, or a new one of a process that has
 * died (a child). Files of other live processes are not this class's: other builds may share the machine.
 */
public final class NoShmLeaks implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoShmLeaks.class);
    private static final long SELF = ProcessHandle.current().pid();

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        context.getStore(NAMESPACE).put("before", present());
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        final Set<Path> before = context.getStore(NAMESPACE).getOrDefault("before", Set.class, Set.of());
        final List<Path> leaked = leftSince(before);
        if (!leaked.isEmpty()) {
            fail(context.getDisplayName() + " left shared-memory files: " + leaked);
        }
    }

    /**
     * @return the shared-memory files present now
     * @throws IOException when the directory cannot be listed
     */
    public static Set<Path> present() throws IOException {
        final Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(Segment.PREFIX))
                .collect(Collectors.toUnmodifiableSet());
        }
    }

    /**
     * @param before the files {@link #present()} before a run
     * @return what the run left: this JVM's files, and new files of processes that have died (or of no process: a
     *         user-named block), sorted
     * @throws IOException when the directory cannot be listed
     */
    public static List<Path> leftSince(final Set<Path> before) throws IOException {
        final OwnedFiles scheme = new OwnedFiles(directory(), Segment.PREFIX);
        return present().stream().filter(file -> {
            final long owner = scheme.ownerPid(file.getFileName().toString());
            return owner == SELF || (!before.contains(file)
                && (owner <= 0 || ProcessHandle.of(owner).map(h -> !h.isAlive()).orElse(true)));
        }).sorted().collect(Collectors.toList());
    }

    private static Path directory() {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : dev.mproc.internal.RuntimeDirectory.path();
    }
}
