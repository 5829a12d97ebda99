package dev.mproc.apps;

import dev.mproc.internal.OwnedFiles;
import dev.mproc.shm.internal.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shared-memory files mproc names {@code mproc-*} in {@code /dev/shm}, and which of them a run left behind. Where
 * there is no {@code /dev/shm}, mproc puts them in the runtime directory, which the launcher tests check on its own.
 */
final class ShmFiles {

    private static final Path DIRECTORY = Path.of("/dev/shm");
    private static final long SELF = ProcessHandle.current().pid();

    private ShmFiles() {
    }

    /** @return mproc's shared-memory files present now */
    static Set<Path> present() throws IOException {
        if (!Files.isDirectory(DIRECTORY)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().startsWith(Segment.PREFIX))
                .collect(Collectors.toSet());
        }
    }

    /**
     * The files that are new since {@code before} and not another live process's: this JVM's, a dead process's, or
     * a user-named block's (no owner in its name). Other builds may share the machine and make files of their own.
     *
     * @param before the files present before the run
     * @return the files left behind, sorted
     */
    static List<Path> leftSince(final Set<Path> before) throws IOException {
        final OwnedFiles names = new OwnedFiles(DIRECTORY, Segment.PREFIX);
        return present().stream().filter(file -> !before.contains(file)).filter(file -> {
            final long owner = names.ownerPid(file.getFileName().toString());
            return owner <= 0 || owner == SELF || ProcessHandle.of(owner).map(h -> !h.isAlive()).orElse(true);
        }).sorted().collect(Collectors.toList());
    }
}
