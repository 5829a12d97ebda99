package dev.mproc.internal;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter on every Java-serialization decode in mproc: limits that bound what one message can cost, then the
 * user's class patterns from {@value #PROPERTY}, then the JVM-wide filter ({@code jdk.serialFilter} or
 * {@link ObjectInputFilter.Config#setSerialFilter}), which a stream-specific filter would otherwise replace.
 *
 * <p>The limits, each overridable by the same key in {@value #PROPERTY}:
 * <ul>
 *   <li>{@code maxdepth} {@value #DEFAULT_MAX_DEPTH}: nesting, which is what makes a graph bomb (nested sets whose
 *       hash codes double the work at each level) or a stack overflow; raise it for deeper object graphs;</li>
 *   <li>{@code maxrefs} {@value #DEFAULT_MAX_REFS}: objects and back-references in one message;</li>
 *   <li>{@code maxarray}: no array longer than the message has bytes (every element costs a byte at least), so a
 *       ten-byte message cannot declare a gigabyte array; a lower bound can be set;</li>
 *   <li>{@code maxbytes}: the longest frame ({@code mproc.maxFrameLength}, 1 GiB by default).</li>
 * </ul>
 * The class part of {@value #PROPERTY} is a pattern as {@link ObjectInputFilter.Config#createFilter} reads it, e.g.
 * {@code com.example.**;java.base/*;dev.mproc.**;!*}; an allow-list must name every class that crosses, mproc's own
 * handles ({@code dev.mproc.**}) included. The task a child JVM receives from its parent at start is checked against
 * the limits and the JVM-wide filter, not against the class part: it comes from the process that chose its classes.
 * Both properties reach every child JVM ({@link JvmFlags}), so a manager or pool worker filters as its parent does.
 *
 * <p><b>Thread safety:</b> an instance serves one decode on one thread; the parsed settings are shared, immutable.
 * <b>Process safety:</b> each process reads its own properties; children get the parent's.
 */
final class DecodeFilter implements ObjectInputFilter {

    /** The system property with the user's pattern and limits. */
    static final String PROPERTY = "mproc.serialFilter";
    /** The JDK's system property for the JVM-wide filter, forwarded to children with {@value #PROPERTY}. */
    static final String JDK_PROPERTY = "jdk.serialFilter";
    static final long DEFAULT_MAX_DEPTH = 24;
    static final long DEFAULT_MAX_REFS = 10_000_000;

    private static volatile Settings cached = Settings.parse("");

    private final Settings settings;
    private final long messageLength;
    private final boolean checkClasses;
    private String rejection;

    private DecodeFilter(final Settings settings, final long messageLength, final boolean checkClasses) {
        this.settings = settings;
        this.messageLength = messageLength;
        this.checkClasses = checkClasses;
    }

    /**
     * A filter for one message.
     *
     * @param messageLength the bytes of the object stream
     * @param checkClasses  whether the class part of {@value #PROPERTY} applies (not to a child's launch task)
     * @return the filter, which remembers why it rejected
     */
    static DecodeFilter forMessage(final long messageLength, final boolean checkClasses) {
        final String source = System.getProperty(PROPERTY, "");
        Settings settings = cached;
        if (!settings.source.equals(source)) {
            settings = Settings.parse(source);
            cached = settings;
        }
        return new DecodeFilter(settings, messageLength, checkClasses);
    }

    @Override
    public Status checkInput(final FilterInfo info) {
        if (info.depth() > settings.maxDepth) {
            return reject("nesting depth " + info.depth() + " exceeds maxdepth=" + settings.maxDepth);
        }
        if (info.references() > settings.maxRefs) {
            return reject(info.references() + " objects exceed maxrefs=" + settings.maxRefs);
        }
        if (info.streamBytes() > settings.maxBytes) {
            return reject(info.streamBytes() + " bytes exceed maxbytes=" + settings.maxBytes);
        }
        if (info.arrayLength() > Math.min(settings.maxArray, messageLength)) {
            return reject("an array of length " + info.arrayLength() + " in a message of " + messageLength
                + " bytes" + (settings.maxArray < Long.MAX_VALUE ? " (maxarray=" + settings.maxArray + ")" : ""));
        }
        final Status user = checkClasses && settings.classes != null ? settings.classes.checkInput(info)
            : Status.UNDECIDED;
        if (user == Status.REJECTED) {
            return reject("class " + name(info) + " is not allowed by -D" + PROPERTY + "=" + settings.source);
        }
        final ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        final Status jdk = jvmWide == null ? Status.UNDECIDED : jvmWide.checkInput(info);
        if (jdk == Status.REJECTED) {
            return reject((info.serialClass() == null ? "a limit" : "class " + name(info))
                + " is rejected by the JVM-wide filter (" + JDK_PROPERTY + ")");
        }
        return user == Status.ALLOWED || jdk == Status.ALLOWED ? Status.ALLOWED : Status.UNDECIDED;
    }

    /** @return why this filter rejected the stream, or null when it did not */
    String rejection() {
        return rejection;
    }

    private Status reject(final String why) {
        rejection = why;
        return Status.REJECTED;
    }

    private static String name(final FilterInfo info) {
        Class<?> type = info.serialClass();
        String suffix = "";
        while (type.isArray()) {
            type = type.getComponentType();
            suffix += "[]";
        }
        return type.getName() + suffix;
    }

    /** The parsed {@value #PROPERTY}: limits merged over the defaults, and the class patterns. */
    private static final class Settings {

        final String source;
        final ObjectInputFilter classes;
        final long maxDepth;
        final long maxRefs;
        final long maxArray;
        final long maxBytes;

        private Settings(final String source, final ObjectInputFilter classes, final long maxDepth,
                         final long maxRefs, final long maxArray, final long maxBytes) {
            this.source = source;
            this.classes = classes;
            this.maxDepth = maxDepth;
            this.maxRefs = maxRefs;
            this.maxArray = maxArray;
            this.maxBytes = maxBytes;
        }

        static Settings parse(final String source) {
            long maxDepth = DEFAULT_MAX_DEPTH;
            long maxRefs = DEFAULT_MAX_REFS;
            long maxArray = Long.MAX_VALUE;
            long maxBytes = dev.mproc.internal.wire.FrameFormat.maxFrameLength();
            final List<String> patterns = new ArrayList<>();
            for (final String part : source.split(";")) {
                final String entry = part.strip();
                final int equals = entry.indexOf('=');
                if (entry.isEmpty()) {
                    continue;
                }
                if (equals < 0) {
                    patterns.add(entry);
                    continue;
                }
                final String key = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                final long value = limit(source, entry, entry.substring(equals + 1).strip());
                switch (key) {
                    case "maxdepth":
                        maxDepth = value;
                        break;
                    case "maxrefs":
                        maxRefs = value;
                        break;
                    case "maxarray":
                        maxArray = value;
                        break;
                    case "maxbytes":
                        maxBytes = value;
                        break;
                    default:
                        throw new IllegalArgumentException("-D" + PROPERTY + "=" + source + ": unknown limit "
                            + key + " (maxdepth, maxrefs, maxarray, maxbytes)");
                }
            }
            final ObjectInputFilter classes = patterns.isEmpty() ? null
                : ObjectInputFilter.Config.createFilter(String.join(";", patterns));
            return new Settings(source, classes, maxDepth, maxRefs, maxArray, maxBytes);
        }

        private static long limit(final String source, final String entry, final String value) {
            try {
                final long limit = Long.parseLong(value);
                if (limit >= 0) {
                    return limit;
                }
            } catch (final NumberFormatException e) {
                // Reported below with the whole property.
            }
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + source + ": " + entry
                + " is not a limit of zero or more");
        }
    }
}
