package dev.mproc.testing;

import dev.mproc.Process;
import dev.mproc.Processes;
import dev.mproc.internal.OwnedFiles;
import dev.mproc.internal.RuntimeDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a child process running or a socket file of this JVM (or of a process that has
 * died) in the runtime directory.
 */
public final class NoLeaks implements AfterAllCallback {

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        // Children that were killed or told to stop may take a moment to be reaped.
        Await.within(Await.HANG, () -> Processes.activeChildren().isEmpty());
        final List<Process> children = Processes.activeChildren();
        final List<ProcessHandle> descendants = ProcessHandle.current().children()
            .filter(ProcessHandle::isAlive).collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (!children.isEmpty() || !descendants.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " leaked child processes: " + children + " "
                + descendants);
        }
        final List<Path> leaked = leakedFiles();
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " leaked files: " + leaked);
        }
    }

    private static List<Path> leakedFiles() throws IOException {
        final Path dir = RuntimeDirectory.path();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        final OwnedFiles scheme = RuntimeDirectory.files();
        final long self = ProcessHandle.current().pid();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                final long owner = scheme.ownerPid(file.getFileName().toString());
                return owner == self || (owner > 0 && ProcessHandle.of(owner).isEmpty());
            }).collect(Collectors.toList());
        }
    }
}
