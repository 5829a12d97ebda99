package dev.mproc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes child JVMs start faster with an application class-data-sharing archive, made on first use.
 *
 * <p>The first child of a given class path and set of flags runs with {@code -XX:ArchiveClassesAtExit} and leaves an
 * archive of every class it loaded (the JDK's, mproc's bootstrap, the lambda forms that deserializing a task needs);
 * later children map it with {@code -XX:SharedArchiveFile} instead of loading and verifying those classes again.
 * Archives live in {@code $XDG_CACHE_HOME/mproc/cds} (or {@code ~/.cache/mproc/cds}), named by a digest of the JDK,
 * the flags and every class path entry's path, size and time, so a rebuilt jar gets a new archive.
 *
 * <p>From JDK 25 the JDK's ahead-of-time cache takes the archive's place: it holds the classes loaded and linked and
 * the methods' profiles, and starts a child sooner. The first child runs without it and, once it has succeeded,
 * {@link AotTraining} makes it in the background; later children map it with {@code -XX:AOTCache}.
 *
 * <p>The cache is bounded: after an archive is made, only the {@value #KEPT} most recently used stay (a JVM that uses
 * an archive marks it used by its modification time), and partial archives whose maker has died are removed, so a
 * developer rebuilding jars all afternoon does not fill the disk.
 *
 * <p>The JDK can only archive classes from jar files: with a directory on the class path (as in a build's test run)
 * this does nothing. {@code -Dmproc.cds=off} turns it off. The CDS log is silenced in the child: a stale or
 * unusable archive is simply not used.
 */
public final class ClassDataSharing {

    /**
     * System property: {@code auto} (the default: the ahead-of-time cache from JDK 25, the dynamic archive before),
     * {@code dynamic} (the dynamic archive on every JDK) or {@code off}.
     */
    public static final String PROPERTY = "mproc.cds";

    /** How many archives the cache keeps: a few class paths and JDKs in use at once, each about 15 to 25 MB. */
    static final int KEPT = 6;

    private static final System.Logger LOG = System.getLogger(ClassDataSharing.class.getName());
    /**
     * From JDK 25 an ahead-of-time cache (JEP 483, 514, 515: classes loaded and linked, and method profiles) replaces
     * the dynamic archive, which it beats at start-up; it is made by a training run in the background.
     */
    static final boolean AHEAD_OF_TIME = Runtime.version().feature() >= 25
        && !"dynamic".equals(System.getProperty(PROPERTY));
    private static final String SUFFIX = AHEAD_OF_TIME ? ".aot" : ".jsa";
    static final String PARTIAL = ".partial";

    static final List<String> QUIET = AHEAD_OF_TIME ? List.of("-Xlog:cds=off", "-Xlog:aot=off")
        : List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    /** Archives being made by a JVM of this process. */
    static final Set<Path> DUMPING = ConcurrentHashMap.newKeySet();
    /** Archive paths by class path and flags: digesting every jar's stamps once per spawn would be start-up work. */
    private static final Map<List<String>, Optional<Path>> ARCHIVES = new ConcurrentHashMap<>();

    private ClassDataSharing() {
    }

    /**
     * The JVM options that make a child use (or make) the archive for this class path and these flags.
     *
     * @param classPath the child's class path
     * @param flags     every other JVM option of the child
     * @return the options to add, and what to do when the child ends; no options when sharing does not apply
     */
    public static Plan plan(final String classPath, final List<String> flags) {
        if ("off".equals(System.getProperty(PROPERTY))) {
            return Plan.NONE;
        }
        final List<String> key = new ArrayList<>(flags);
        key.add(classPath);
        final Path archive = ARCHIVES.computeIfAbsent(key, ignored -> onlyJars(classPath)
            ? Optional.ofNullable(archivePath(classPath, flags)).map(ClassDataSharing::markUsed) : Optional.empty())
            .orElse(null);
        if (archive == null) {
            return Plan.NONE;
        }
        if (Files.isReadable(archive)) {
            final List<String> options = new ArrayList<>(QUIET);
            options.add(AHEAD_OF_TIME ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
            return new Plan(options, null, null, null);
        }
        if (AHEAD_OF_TIME) {
            // The child starts without a cache; once it has succeeded, a training run in the background makes one.
            return new Plan(List.of(), null, archive, new AotTraining(archive, classPath, flags));
        }
        if (!DUMPING.add(archive)) {
            return Plan.NONE;
        }
        try {
            Files.createDirectories(archive.getParent());
        } catch (final IOException e) {
            DUMPING.remove(archive);
            return Plan.NONE;
        }
        final Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid()
            + PARTIAL);
        final List<String> options = new ArrayList<>(QUIET);
        options.add("-XX:ArchiveClassesAtExit=" + partial);
        return new Plan(options, partial, archive, null);
    }

    private static boolean onlyJars(final String classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return false;
        }
        for (final String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    private static Path archivePath(final String classPath, final List<String> flags) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home"));
            update(digest, System.getProperty("java.vm.version"));
            for (final String flag : flags) {
                update(digest, flag);
            }
            for (final String entry : classPath.split(java.io.File.pathSeparator)) {
                final BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                update(digest, entry + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
            }
            final String name = "child-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + SUFFIX;
            return cacheDirectory().resolve(name);
        } catch (final IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static Path cacheDirectory() {
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && !xdg.isBlank()
            ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mproc").resolve("cds");
    }

    /** Marks an existing archive as used now (its modification time), which is what eviction goes by. */
    private static Path markUsed(final Path archive) {
        try {
            if (Files.isRegularFile(archive)) {
                Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            }
        } catch (final IOException e) {
            // Read-only cache: the archive is still usable, only its age is not refreshed.
        }
        return archive;
    }

    /**
     * Keeps the {@value #KEPT} most recently used archives and caches (of any JDK) of the directory and removes the
     * rest, and the partial files of makers that are gone.
     *
     * @param directory the cache directory
     */
    static void evict(final Path directory) {
        final List<Path> archives = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                final String name = file.getFileName().toString();
                if (name.endsWith(".jsa") || name.endsWith(".aot")) {
                    archives.add(file);
                } else if (name.endsWith(PARTIAL) && makerGone(name)) {
                    Files.deleteIfExists(file);
                }
            }
            archives.sort(java.util.Comparator.comparing(ClassDataSharing::lastUsed).reversed());
            for (final Path old : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
                Files.deleteIfExists(old);
                LOG.log(System.Logger.Level.DEBUG, "removed the class-data-sharing archive {0}, not used lately", old);
            }
        } catch (final IOException | java.io.UncheckedIOException e) {
            // Another JVM evicting at the same time, or an unreadable directory: the next archive made tries again.
            LOG.log(System.Logger.Level.DEBUG, "could not prune the class-data-sharing cache " + directory, e);
        }
    }

    /** Whether the JVM named in a partial archive's name ({@code child-X.jsa.PID.partial}) has ended. */
    private static boolean makerGone(final String partialName) {
        final String withoutSuffix = partialName.substring(0, partialName.length() - PARTIAL.length());
        try {
            final long pid = Long.parseLong(withoutSuffix.substring(withoutSuffix.lastIndexOf('.') + 1));
            return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private static java.nio.file.attribute.FileTime lastUsed(final Path archive) {
        try {
            return Files.getLastModifiedTime(archive);
        } catch (final IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static void update(final MessageDigest digest, final String text) {
        digest.update(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    /**
     * The options for one child, and, when the child makes the archive (or its success starts the training that makes
     * the cache), where it writes and where it belongs.
     *
     * @param options  the JVM options to add
     * @param partial  where the child writes the archive at exit, or null
     * @param archive  where the archive goes once complete, or null
     * @param training what makes the ahead-of-time cache once a child succeeded, or null
     */
    public record Plan(List<String> options, Path partial, Path archive, AotTraining training) {

        static final Plan NONE = new Plan(List.of(), null, null, null);

        /**
         * Called when the child has ended: a complete archive is moved into place for later children; a child that
         * succeeded without a cache starts the training that makes it.
         *
         * @param exitCode the child's exit code
         */
        public void childEnded(final int exitCode) {
            if (training != null && exitCode == 0) {
                training.start();
            }
            if (partial == null) {
                return;
            }
            try {
                if (exitCode == 0 && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    evict(archive.getParent());
                }
            } catch (final AtomicMoveNotSupportedException e) {
                // Same directory: cannot happen; leave the archive unmade rather than half-made.
            } catch (final IOException e) {
                // No archive: children start without one, as before.
            } finally {
                try {
                    Files.deleteIfExists(partial);
                } catch (final IOException ignored) {
                    // A partial file is ignored by name and replaced at the next attempt.
                }
                DUMPING.remove(archive);
            }
        }
    }
}
