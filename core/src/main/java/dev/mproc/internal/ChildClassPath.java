package dev.mproc.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path a child JVM needs to load what a task references.
 *
 * <p>Usually that is this JVM's own class path. A launcher that loads the application through a class loader of its
 * own ({@code mvn exec:java}, some IDE runners, plug-in hosts) leaves the application's classes, mproc's among them,
 * off {@code java.class.path}; a child started with that class path alone could not find the task's class, nor
 * mproc's child entry point. Where such a loader is a chain of {@link URLClassLoader}s over local files and
 * directories, their entries are added after this JVM's class path, so the child's application class loader sees
 * everything the task's loader saw. A loader that is not of that kind (its classes come from somewhere a child cannot
 * name on a command line) is refused when the task is encoded, with its name.
 *
 * <p>An application launched on the module path ({@code java -p mods -m app/app.Main}) has its classes, and mproc's, in
 * named modules; the child gets the module path's jars and exploded modules on its class path instead, and runs them
 * in its unnamed module: what a task needs is found by class name, as serialization looks it up.
 *
 * <p>A Spring Boot executable jar ({@code java -jar app.jar}) loads the application from jars nested in the archive,
 * through Boot's own class loader, which no class path can name. A child of such an application is started the way
 * Boot starts it, from the same archive, but through Boot's {@code PropertiesLauncher} with mproc's entry point as
 * {@code loader.main}: the child's classes then come from the same nested jars, through the same kind of loader.
 *
 * <p>Whatever the launcher, the class path is checked once for mproc's child entry point before a child is started
 * with it, so that a class path a child cannot start from is a clear error in the parent, not a child that prints
 * "Could not find or load main class" while the parent waits for it.
 */
public final class ChildClassPath {

    private static final String ENTRY_POINT = ChildMain.class.getName().replace('.', '/') + ".class";
    /** Spring Boot's launched class loaders: in {@code launch} from Boot 3.2, in the root package before. */
    private static final Set<String> SPRING_BOOT_LOADERS = Set.of(
        "org.springframework.boot.loader.launch.LaunchedClassLoader",
        "org.springframework.boot.loader.LaunchedURLClassLoader");
    private static final int MAX_MANIFEST_DEPTH = 4;
    /** Class paths already found to hold the entry point: a child is started many times with the same one. */
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private ChildClassPath() {
    }

    /**
     * Whether a child JVM started with {@link #forLoaders} of this loader can load the classes it defines.
     *
     * @param loader a class's defining loader (null for the bootstrap loader)
     * @return true for the bootstrap, platform and application loaders and their ancestors, and for a chain of
     *         URL class loaders over local files that ends in one of those
     */
    public static boolean reachable(final ClassLoader loader) {
        return localEntries(loader).isPresent() || springBootLauncher(loader).isPresent();
    }

    /**
     * What follows the class path on a child's command line: mproc's entry point, or, for an application run from a
     * Spring Boot executable jar, Boot's {@code PropertiesLauncher} told to run it.
     *
     * @param loaders the loaders of the classes a task references, and mproc's own
     * @return the JVM options and the main class
     */
    public static List<String> entryPoint(final java.util.Collection<ClassLoader> loaders) {
        for (final ClassLoader loader : loaders) {
            final Optional<String> launcher = springBootLauncher(loader);
            if (launcher.isPresent()) {
                return List.of("-Dloader.main=" + ChildMain.class.getName(), launcher.get());
            }
        }
        return List.of(ChildMain.class.getName());
    }

    /**
     * @param loaders the loaders of the classes a task references, and mproc's own
     * @return this JVM's class path followed by the local entries of those loaders' URL class loader chains, without
     *         repeats
     */
    public static String forLoaders(final java.util.Collection<ClassLoader> loaders) {
        final Set<String> entries = new LinkedHashSet<>();
        final String own = System.getProperty("java.class.path", "");
        for (final String entry : own.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        entries.addAll(modulePathEntries(System.getProperty("jdk.module.path", "")));
        for (final ClassLoader loader : loaders) {
            localEntries(loader).ifPresent(entries::addAll);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * @param modulePath a module path ({@code jdk.module.path})
     * @return its modules as class path entries: a jar, an exploded module, and each jar of a directory of modules
     */
    public static List<String> modulePathEntries(final String modulePath) {
        final List<String> entries = new ArrayList<>();
        for (final String entry : modulePath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            final Path path = Path.of(entry);
            if (Files.isDirectory(path) && !Files.exists(path.resolve("module-info.class"))) {
                // A directory of modules: its modular jars and its exploded modules (javac -d out's layout).
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(child -> child.getFileName().toString().endsWith(".jar")
                            || Files.exists(child.resolve("module-info.class"))).sorted()
                        .map(Path::toString).forEach(entries::add);
                } catch (final IOException e) {
                    entries.add(entry);
                }
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * Fails when a child JVM started with this class path could not load mproc's child entry point.
     *
     * @param classPath the child's class path
     * @throws IOException naming where this JVM loads mproc from, when no entry of the class path holds it
     */
    public static void requireEntryPoint(final String classPath) throws IOException {
        if (CHECKED.contains(classPath) || springBootLauncher(ChildMain.class.getClassLoader()).isPresent()) {
            // Under Spring Boot, mproc is a jar nested in the archive that Boot's launcher opens, as in this JVM.
            return;
        }
        for (final String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && holdsEntryPoint(Path.of(entry), 0)) {
                CHECKED.add(classPath);
                return;
            }
        }
        final java.security.CodeSource source = ChildMain.class.getProtectionDomain().getCodeSource();
        throw new IOException("a child JVM could not start: its class path does not hold mproc's entry point "
            + ChildMain.class.getName() + " (this JVM loads it from "
            + (source == null || source.getLocation() == null ? "an unknown place" : source.getLocation())
            + ", which is not a local jar or directory of the class path or module path); the child's class path: "
            + (classPath.isEmpty() ? "(empty)" : classPath));
    }

    /** In the entry, or in a jar its manifest's {@code Class-Path} names (as the JVM follows it), a few levels deep. */
    private static boolean holdsEntryPoint(final Path entry, final int depth) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(ENTRY_POINT));
        }
        if (!Files.isRegularFile(entry) || depth > MAX_MANIFEST_DEPTH) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile(), false)) {
            if (jar.getEntry(ENTRY_POINT) != null) {
                return true;
            }
            final Manifest manifest = jar.getManifest();
            final String referenced = manifest == null ? null
                : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (referenced == null) {
                return false;
            }
            for (final String relative : referenced.trim().split("\\s+")) {
                try {
                    final URI resolved = entry.toAbsolutePath().getParent().toUri().resolve(relative);
                    if ("file".equals(resolved.getScheme()) && holdsEntryPoint(Path.of(resolved), depth + 1)) {
                        return true;
                    }
                } catch (final IllegalArgumentException e) {
                    // Not a local file: the JVM would not find the entry point there either.
                }
            }
            return false;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * @return the file entries of the loader's URL class loaders, nearest to the application loader first; empty
     *         entries for the application loader and its ancestors; nothing when a loader of the chain is neither
     */
    private static Optional<List<String>> localEntries(final ClassLoader loader) {
        final List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader current = loader; current != null; current = current.getParent()) {
            if (isApplicationOrAncestor(current) || isSpringBootLoader(current)) {
                break;
            }
            if (!(current instanceof URLClassLoader)) {
                return Optional.empty();
            }
            chain.add(current);
        }
        final List<String> entries = new ArrayList<>();
        // Parents first: a class both define is found where the launcher's parent-first delegation found it.
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (final URL url : ((URLClassLoader) chain.get(i)).getURLs()) {
                if (!"file".equals(url.getProtocol())) {
                    return Optional.empty();
                }
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (final URISyntaxException | IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(entries);
    }

    /**
     * @param loader a class loader (null for the bootstrap loader)
     * @return Boot's {@code PropertiesLauncher}, on this JVM's class path beside the loader's own class, when the
     *         loader or one of its parents is the class loader of a Spring Boot executable jar
     */
    private static Optional<String> springBootLauncher(final ClassLoader loader) {
        for (ClassLoader current = loader; current != null; current = current.getParent()) {
            if (isSpringBootLoader(current)) {
                final String launcher = current.getClass().getPackageName() + ".PropertiesLauncher";
                try {
                    final Class<?> type = Class.forName(launcher, false, current.getClass().getClassLoader());
                    return isApplicationOrAncestor(type.getClassLoader()) ? Optional.of(launcher) : Optional.empty();
                } catch (final ClassNotFoundException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isSpringBootLoader(final ClassLoader loader) {
        return SPRING_BOOT_LOADERS.contains(loader.getClass().getName())
            && isApplicationOrAncestor(loader.getClass().getClassLoader());
    }

    /**
     * @param loader a class loader (null for the bootstrap loader)
     * @return whether it is the application class loader or one of its ancestors
     */
    public static boolean isApplicationOrAncestor(final ClassLoader loader) {
        if (loader == null) {
            return true;
        }
        for (ClassLoader visible = ClassLoader.getSystemClassLoader(); visible != null;
             visible = visible.getParent()) {
            if (loader == visible) {
                return true;
            }
        }
        return false;
    }
}
