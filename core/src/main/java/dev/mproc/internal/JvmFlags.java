package dev.mproc.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The JVM flags a child JVM starts with: the flags of this JVM that change what code may do (module exports and
 * opens, native access, preview features, assertions, {@code -Dmproc.*} properties, the current deserialization
 * filters), so that a child's code runs as the parent's does. mproc itself needs none.
 */
public final class JvmFlags {

    private static final List<String> FORWARDED_PREFIXES = List.of(
        "--add-exports", "--add-opens", "--add-reads", "--add-modules", "--enable-native-access",
        "--enable-preview", "--illegal-access", "-ea", "-enableassertions", "-da", "-disableassertions", "-esa",
        "-dsa", "-Dmproc.", "-Djava.library.path=", "-Djava.io.tmpdir=", "-Dfile.encoding=");

    private static volatile List<String> forChildren;

    private JvmFlags() {
    }

    /** @return the {@code java} launcher of this JVM's own JDK, which every child JVM runs */
    public static String javaExecutable() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @return the flags every child JVM gets: computed once, but for the deserialization filters, which are this
     *         JVM's current {@code mproc.serialFilter} and {@code jdk.serialFilter} system properties
     */
    public static List<String> forChildren() {
        List<String> flags = forChildren;
        if (flags == null) {
            flags = List.copyOf(new LinkedHashSet<>(
                forwarded(ManagementFactory.getRuntimeMXBean().getInputArguments())));
            forChildren = flags;
        }
        return withFilters(flags);
    }

    /** Replaces the filter properties of the command line with their current values: a child filters as we do. */
    static List<String> withFilters(final List<String> flags) {
        final List<String> all = new ArrayList<>(flags.size() + 2);
        for (final String flag : flags) {
            if (!flag.startsWith(define(DecodeFilter.PROPERTY))
                && !flag.startsWith(define(DecodeFilter.JDK_PROPERTY))) {
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
}
