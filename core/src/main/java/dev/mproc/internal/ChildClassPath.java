package dev.mproc.internal;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 */
public final class ChildClassPath {

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
        return localEntries(loader).isPresent();
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
        for (final ClassLoader loader : loaders) {
            localEntries(loader).ifPresent(entries::addAll);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * @return the file entries of the loader's URL class loaders, nearest to the application loader first; empty
     *         entries for the application loader and its ancestors; nothing when a loader of the chain is neither
     */
    private static Optional<List<String>> localEntries(final ClassLoader loader) {
        final List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader current = loader; current != null; current = current.getParent()) {
            if (isApplicationOrAncestor(current)) {
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
