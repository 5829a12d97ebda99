package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.OpaqueClassLoader;
import java.io.InvalidObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application loaded by a launcher's own class loader, as {@code mvn exec:java} does: its classes are not on
 * {@code java.class.path}, yet a Process and a Pool started from it work (issue 14). The application is compiled
 * here, into a directory no other loader sees.
 */
@ExtendWith(NoLeaks.class)
class LauncherClassLoaderTest {

    private static final String APP = """
        package launcher.app;

        import dev.mproc.Pool;
        import dev.mproc.Process;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.util.List;

        public final class App {
            public static int process(final String marker) throws Exception {
                try (Process p = Process.start(() -> Files.writeString(Path.of(marker), App.class.getName()))) {
                    p.join();
                    return p.exitCode().getAsInt();
                }
            }

            public static List<Integer> pool() throws Exception {
                try (Pool pool = Pool.create(1)) {
                    return pool.map(x -> x * App.factor(), List.of(1, 2, 3));
                }
            }

            static int factor() {
                return 10;
            }
        }
        """;

    @TempDir
    Path dir;

    private Path classes;

    @BeforeEach
    void compileTheApplication() throws Exception {
        final Path source = dir.resolve("src/launcher/app/App.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, APP);
        classes = Files.createDirectories(dir.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp",
            System.getProperty("java.class.path"), source.toString()), "the application compiles");
    }

    @Test
    void processAndPoolShouldWorkFromAnApplicationOfALaunchersUrlClassLoader() throws Exception {
        try (URLClassLoader launcher = new URLClassLoader(new URL[] {classes.toUri().toURL()},
            ClassLoader.getSystemClassLoader())) {
            final Class<?> app = Class.forName("launcher.app.App", true, launcher);
            final Path marker = dir.resolve("marker");
            assertEquals(0, app.getMethod("process", String.class).invoke(null, marker.toString()),
                "the child found the task's class");
            assertEquals("launcher.app.App", Files.readString(marker));
            assertEquals(List.of(10, 20, 30), app.getMethod("pool").invoke(null));
        }
    }

    @Test
    void aLoaderAChildCannotBeGivenShouldFailAtStartNamingTheClass() throws Exception {
        final ClassLoader opaque = new OpaqueClassLoader(ClassLoader.getSystemClassLoader(), classes);
        final Method process = Class.forName("launcher.app.App", true, opaque).getMethod("process", String.class);
        final InvocationTargetException failure = assertThrows(InvocationTargetException.class,
            () -> process.invoke(null, dir.resolve("never").toString()));
        assertInstanceOf(InvalidObjectException.class, failure.getCause(), String.valueOf(failure.getCause()));
        assertTrue(failure.getCause().getMessage().contains("launcher.app.App"), failure.getCause().getMessage());
        assertTrue(Files.notExists(dir.resolve("never")), "no child ran");
    }
}
