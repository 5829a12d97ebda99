package dev.mproc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The per-user directory (mode 0700) where socket files live: {@code $XDG_RUNTIME_DIR/mproc} where there is one,
 * else {@code <java.io.tmpdir>/mproc-<user>}, or what the {@code mproc.runtimeDir} property says. The directory stays
 * when its files are gone: removing it at exit raced with other processes about to write their first file there.
 */
public final class RuntimeDirectory {

    /** System property naming the runtime directory explicitly. */
    public static final String PROPERTY = "mproc.runtimeDir";

    private static final Path PATH = choose();
    private static volatile OwnedFiles files;

    private RuntimeDirectory() {
    }

    /** @return the directory's path; it may not exist yet */
    public static Path path() {
        return PATH;
    }

    /**
     * The socket files of this process; the directory is created (0700) and files of dead processes swept on first
     * use.
     *
     * @return the owned files of this process in the runtime directory
     */
    public static OwnedFiles files() {
        OwnedFiles result = files;
        if (result == null) {
            synchronized (RuntimeDirectory.class) {
                result = files;
                if (result == null) {
                    // Never removed, not even when empty at exit: another process may be about to write its
                    // first file there, and would find the directory gone. An empty private directory is harmless.
                    ensureExists();
                    result = new OwnedFiles(PATH, "");
                    result.sweep();
                    files = result;
                }
            }
        }
        return result;
    }

    /**
     * A new socket path for this process, in an existing directory (re-created if another process removed it while
     * it was empty).
     *
     * @param kind what the socket is for, part of its name
     * @return the path; removed at exit unless released before
     */
    public static Path newSocketPath(final String kind) {
        final Path path = files().newPath(kind, ".sock");
        ensureExists();
        return path;
    }

    /** Creates the directory with mode 0700, or checks that an existing one is ours and private. */
    public static void ensureExists() {
        try {
            if (!Files.isDirectory(PATH, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(PATH.getParent());
                try {
                    Files.createDirectory(PATH,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (final java.nio.file.FileAlreadyExistsException raced) {
                    // Another process made it at the same moment; it is checked below like any existing one.
                }
            }
            final String owner = Files.getOwner(PATH, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException("runtime directory " + PATH + " belongs to " + owner + ", not to "
                    + System.getProperty("user.name") + "; set -D" + PROPERTY + " to a private directory");
            }
            Files.setPosixFilePermissions(PATH, PosixFilePermissions.fromString("rwx------"));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare the runtime directory " + PATH + ": " + e.getMessage(), e);
        }
    }

    private static Path choose() {
        final String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit).toAbsolutePath();
        }
        final String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Paths.get(xdg)) && Files.isWritable(Paths.get(xdg))) {
            return Paths.get(xdg, "mproc");
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "mproc-" + System.getProperty("user.name"));
    }
}
