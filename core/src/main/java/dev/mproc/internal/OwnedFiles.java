package dev.mproc.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files that belong to one process, named {@code <prefix><kind>-<pid>-<token><suffix>} in one directory, so that
 * whoever comes later can tell which files a crashed process left behind and remove them (Python's
 * {@code resource_tracker}, without the extra process).
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> each process removes its own files when it
 * releases them or exits normally; {@link #sweep()} removes the files of processes that are gone.
 */
public final class OwnedFiles {

    private static final System.Logger LOG = System.getLogger(OwnedFiles.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();

    private final Path directory;
    private final String prefix;
    private final Set<Path> owned = ConcurrentHashMap.newKeySet();

    /**
     * @param directory where the files live
     * @param prefix    what every file name starts with (e.g. {@code "mproc-"})
     */
    public OwnedFiles(final Path directory, final String prefix) {
        this.directory = directory;
        this.prefix = prefix;
        ExitCleanup.register(this::releaseAll);
    }

    /** @return the directory the files live in */
    public Path directory() {
        return directory;
    }

    /**
     * A fresh, unused path owned by this process; the file is not created. It is removed at exit unless
     * {@linkplain #release released} before.
     *
     * @param kind   what the file is for ({@code "pipe"}, {@code "value"}), part of its name
     * @param suffix the file name's ending, e.g. {@code ".sock"}
     * @return the path
     */
    public Path newPath(final String kind, final String suffix) {
        final Path path = directory.resolve(prefix + kind + "-" + PID + "-" + token() + suffix);
        owned.add(path);
        return path;
    }

    /**
     * Takes ownership of a path made elsewhere (a file named by another process, now to be removed by this one at
     * exit).
     *
     * @param path the path
     */
    public void own(final Path path) {
        owned.add(path);
    }

    /**
     * Removes a file this process owns, now.
     *
     * @param path the path from {@link #newPath}
     */
    public void release(final Path path) {
        owned.remove(path);
        deleteQuietly(path);
    }

    /**
     * Removes a file this process owns with the files derived from its name ({@code <name>.<anything>}: temporaries
     * that another process may have left half-written when it was killed). At exit every owned file goes this way.
     *
     * @param path the path
     */
    public void releaseWithDerived(final Path path) {
        owned.remove(path);
        deleteWithDerived(path);
    }

    /**
     * Forgets a path without removing the file (its ownership moved to another process).
     *
     * @param path the path
     */
    public void disown(final Path path) {
        owned.remove(path);
    }

    /**
     * Removes the files of processes that no longer exist.
     *
     * @return how many files were removed
     */
    public int sweep() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*")) {
            for (final Path file : files) {
                final long owner = ownerPid(file.getFileName().toString());
                if (owner > 0 && owner != PID && ProcessHandle.of(owner).isEmpty() && deleteQuietly(file)) {
                    removed++;
                    LOG.log(System.Logger.Level.DEBUG, "removed {0}, left by dead process {1}", file,
                        Long.toString(owner));
                }
            }
        } catch (final NoSuchFileException e) {
            return 0;
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot sweep " + directory, e);
        }
        return removed;
    }

    /**
     * @param fileName a file name of this scheme
     * @return the pid of the process that owns it, or -1 when the name does not follow the scheme
     */
    public long ownerPid(final String fileName) {
        if (!fileName.startsWith(prefix)) {
            return -1;
        }
        // The kind may hold dashes and a derived file (a claim, a temporary) may add more after the suffix; the pid
        // is the first all-digit part.
        final String[] parts = fileName.substring(prefix.length()).split("-");
        for (int i = 1; i < parts.length - 1; i++) {
            if (!parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit) && parts[i].length() < 19) {
                return Long.parseLong(parts[i]);
            }
        }
        return -1;
    }

    private void releaseAll() {
        for (final Path path : owned) {
            deleteWithDerived(path);
        }
        owned.clear();
    }

    private static void deleteWithDerived(final Path path) {
        deleteQuietly(path);
        final Path parent = path.getParent();
        if (parent == null) {
            return;
        }
        final String glob = path.getFileName().toString().replace("\\", "\\\\").replace("*", "\\*")
            .replace("?", "\\?").replace("[", "\\[").replace("{", "\\{") + ".*";
        try (DirectoryStream<Path> derived = Files.newDirectoryStream(parent, glob)) {
            for (final Path file : derived) {
                deleteQuietly(file);
            }
        } catch (final IOException e) {
            // The directory is gone, or unreadable: nothing derived can be left in it by us.
        }
    }

    private static boolean deleteQuietly(final Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (final IOException e) {
            return false;
        }
    }

    private static String token() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
