package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a shared-memory file ({@code mproc-*}) in {@code /dev/shm} (or the runtime
 * directory where there is none) once its objects are closed.
 */
public final class NoShmLeaks implements AfterAllCallback {

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        final List<Path> leaked = files();
        if (!leaked.isEmpty()) {
            fail(context.getDisplayName() + " left shared-memory files: " + leaked);
        }
    }

    /** @return the shared-memory files present now */
    static List<Path> files() throws IOException {
        final Path shm = Path.of("/dev/shm");
        final Path dir = Files.isDirectory(shm) ? shm : dev.mproc.internal.RuntimeDirectory.path();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("mproc-")).collect(Collectors.toList());
        }
    }
}
