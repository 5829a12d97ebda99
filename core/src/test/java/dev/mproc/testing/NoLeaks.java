package dev.mproc.testing;

import dev.mproc.Process;
import dev.mproc.Processes;
import dev.mproc.internal.OwnedFiles;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.SpareJvms;
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
 * Fails a test class that leaves a child process running or a socket file of this JVM (or a new one of a process
 * that has died) in the runtime directory. Files of other live processes are not this class's: other builds may
 * share the machine and the directory.
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeaks.class);

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        context.getStore(NAMESPACE).put("before", Set.copyOf(files()));
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        // Children that were killed or told to stop may take a moment to be reaped.
        Await.within(Await.HANG, () -> Processes.activeChildren().isEmpty());
        final List<Process> children = Processes.activeChildren();
        // Spare JVMs wait for the next child: the library's own, kept on purpose, and used by the next test class. One
        // being booted is a child a moment before it is listed as a spare.
        Await.within(Await.HANG, () -> leftChildren().isEmpty());
        final List<ProcessHandle> descendants = leftChildren();
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (!children.isEmpty() || !descendants.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " leaked child processes: " + children + " "
                + descendants);
        }
        @SuppressWarnings("unchecked")
        final Set<Path> before = context.getStore(NAMESPACE).getOrDefault("before", Set.class, Set.of());
        final List<Path> leaked = leakedFiles(before);
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " leaked files: " + leaked);
        }
    }

    private static List<ProcessHandle> leftChildren() {
        final Set<Long> spares = SpareJvms.pids();
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(child -> !spares.contains(child.pid())).collect(Collectors.toList());
    }

    private static List<Path> leakedFiles(final Set<Path> before) throws IOException {
        final OwnedFiles scheme = RuntimeDirectory.files();
        final long self = ProcessHandle.current().pid();
        return files().stream().filter(file -> {
            final long owner = scheme.ownerPid(file.getFileName().toString());
            return owner == self || (owner > 0 && !before.contains(file) && ProcessHandle.of(owner).isEmpty());
        }).collect(Collectors.toList());
    }

    private static List<Path> files() throws IOException {
        final Path dir = RuntimeDirectory.path();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toList());
        }
    }
}
