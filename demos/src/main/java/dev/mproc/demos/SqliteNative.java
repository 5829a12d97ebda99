package dev.mproc.demos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc's native library, extracted once for the database demo instead of once per child. Left to itself, every
 * one of the demo's 240 short-lived JVMs copies the library into the shared temporary directory and sweeps the copies
 * of the others, which under load logs SEVERE "Failed to delete old native lib" traces from children racing each
 * other. The demo extracts it into its own cache directory, keyed by the driver's version, and points the driver of
 * this JVM and of every child at that copy ({@code org.sqlite.lib.path}), with that directory as the driver's
 * temporary directory so that its sweep finds nothing of anyone else's.
 */
final class SqliteNative {

    private static final String LIBRARY = System.mapLibraryName("sqlitejdbc");
    /** The first JDK whose restricted-method checks (and so whose flag) cover JNI's {@code System.load}. */
    private static final int NATIVE_ACCESS_SINCE = 22;

    private SqliteNative() {
    }

    /**
     * The option that lets a child load the library without a warning: JDK 24 and later warn at the first
     * {@code System.load} of code not granted native access (JEP 472); the tour's jar grants it to itself in its
     * manifest, which a child started with {@code -cp} does not read.
     *
     * @return {@code --enable-native-access=ALL-UNNAMED} on a JDK that knows it for unnamed modules, else nothing
     */
    static List<String> nativeAccess() {
        return Runtime.version().feature() >= NATIVE_ACCESS_SINCE ? List.of("--enable-native-access=ALL-UNNAMED")
            : List.of();
    }

    /**
     * Extracts the library if this version's copy is not there yet, and points this JVM's driver at it.
     *
     * @param cache the demo's cache directory
     * @return the system properties that point a child's driver at the same copy, as JVM options
     * @throws IOException when the library cannot be extracted
     */
    static List<String> prepare(final Path cache) throws IOException {
        final Path dir = cache.resolve("sqlite-native").resolve(SQLiteJDBCLoader.getVersion());
        final Path library = dir.resolve(LIBRARY);
        if (!Files.isRegularFile(library)) {
            Files.createDirectories(dir);
            final String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + LIBRARY;
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    // A platform the driver has no bundled library for: leave the driver to its own search.
                    return List.of();
                }
                // Copied beside, then moved into place, so that a concurrent tour never loads a half-written file.
                final Path partial = Files.createTempFile(dir, LIBRARY, ".partial");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final List<String> properties = List.of("org.sqlite.lib.path=" + dir, "org.sqlite.lib.name=" + LIBRARY,
            "org.sqlite.tmpdir=" + dir);
        for (final String property : properties) {
            final int equals = property.indexOf('=');
            System.setProperty(property.substring(0, equals), property.substring(equals + 1));
        }
        return properties.stream().map(property -> "-D" + property).toList();
    }
}
