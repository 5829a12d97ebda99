package dev.mproc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JVM flags a child JVM starts with, and the check that this JVM has the flags a module needs.
 *
 * <p>A child gets (1) the flags of this JVM that change what code may do (module exports and opens, native access,
 * preview features, assertions, {@code -Dmproc.*} properties, the current deserialization filters) and (2) every option that a module on the class path
 * declares in a {@value #RESOURCE} resource, one per line, so that a child has what the modules need even when this
 * JVM got them from a jar manifest, which a child started with {@code -cp} does not read.
 */
public final class JvmFlags {

    /** The resource in which a module lists the JVM options it needs, one per line; {@code #} starts a comment. */
    public static final String RESOURCE = "META-INF/mproc/jvm-options";

    private static final List<String> FORWARDED_PREFIXES = List.of(
        "--add-exports", "--add-opens", "--add-reads", "--add-modules", "--enable-native-access",
        "--enable-preview", "--illegal-access", "-ea", "-enableassertions", "-da", "-disableassertions", "-esa",
        "-dsa", "-Dmproc.", "-Djava.library.path=", "-Djava.io.tmpdir=", "-Dfile.encoding=");

    private static volatile List<String> forChildren;

    private JvmFlags() {
    }

    /**
     * @return the flags every child JVM gets: computed once, but for the deserialization filters, which are this
     *         JVM's current {@code mproc.serialFilter} and {@code jdk.serialFilter} system properties
     */
    public static List<String> forChildren() {
        List<String> flags = forChildren;
        if (flags == null) {
            final Set<String> all = new LinkedHashSet<>(forwarded(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            all.addAll(declared());
            flags = List.copyOf(all);
            forChildren = flags;
        }
        return withFilters(flags);
    }

    /** Replaces the filter properties of the command line with their current values: a child filters as we do. */
    static List<String> withFilters(final List<String> flags) {
        final List<String> all = new ArrayList<>(flags.size() + 2);
        for (final String flag : flags) {
            if (!flag.startsWith(define(DecodeFilter.PROPERTY)) && !flag.startsWith(define(DecodeFilter.JDK_PROPERTY))) {
                all.add(flag);
            }
        }
        for (final String property : List.of(DecodeFilter.PROPERTY, DecodeFilter.JDK_PROPERTY)) {
            final String value = System.getProperty(property);
            if (value != null) {
                all.add(define(property) + value);
            }
        }
        return all;
    }

    private static String define(final String property) {
        return "-D" + property + "=";
    }

    /**
     * Fails with a message naming the missing flag when a package is not exported to the unnamed module.
     *
     * @param module      the module that holds the package, e.g. {@code java.base}
     * @param packageName the package, e.g. {@code jdk.internal.misc}
     * @param neededBy    what needs it, for the message (e.g. "Agrona's atomic buffers")
     * @throws IllegalStateException when the flag is missing
     */
    public static void requireExport(final String module, final String packageName, final String neededBy) {
        final Module owner = ModuleLayer.boot().findModule(module).orElseThrow(
            () -> new IllegalStateException("module " + module + " is not in this JVM"));
        if (!owner.isExported(packageName, JvmFlags.class.getClassLoader().getUnnamedModule())) {
            throw new IllegalStateException(neededBy + " needs the JVM flag --add-exports " + module + "/"
                + packageName + "=ALL-UNNAMED; add it to the java command line (mproc's launchers and child"
                + " processes add it for you)");
        }
    }

    static List<String> forwarded(final List<String> inputArguments) {
        final List<String> kept = new ArrayList<>();
        for (int i = 0; i < inputArguments.size(); i++) {
            final String argument = inputArguments.get(i);
            if (!isForwarded(argument)) {
                continue;
            }
            if (argument.startsWith("--") && !argument.contains("=") && !argument.equals("--enable-preview")
                && i + 1 < inputArguments.size()) {
                kept.add(argument + "=" + inputArguments.get(++i));
            } else {
                kept.add(argument);
            }
        }
        return kept;
    }

    private static boolean isForwarded(final String argument) {
        for (final String prefix : FORWARDED_PREFIXES) {
            if (argument.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static List<String> declared() {
        final List<String> options = new ArrayList<>();
        try {
            // mproc's own loader: under a launcher with a class loader of its own (mvn exec:java) the modules' jars
            // are there, not on the application class path.
            final Enumeration<URL> resources = JvmFlags.class.getClassLoader().getResources(RESOURCE);
            while (resources.hasMoreElements()) {
                try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(resources.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(line -> line.replaceFirst("^(--[a-z-]+)\\s+", "$1="))
                        .forEach(options::add);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " resources: " + e.getMessage(), e);
        }
        return options;
    }
}
