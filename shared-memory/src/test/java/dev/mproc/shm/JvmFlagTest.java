package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class JvmFlagTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheMissingFlagInsteadOfFailingWithAnIllegalAccessError() throws Exception {
        // Children.launchJvm adds the flag; this JVM must start without it.
        final java.lang.Process jvm = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), WithoutFlag.class.getName()))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
        assertEquals(3, Children.awaitExit(jvm, Await.HANG), Files.readString(dir.resolve("stderr.txt")));
        final String out = Files.readString(dir.resolve("stdout.txt"));
        assertTrue(out.startsWith("java.lang.IllegalStateException: Agrona's atomic buffers"), out);
        assertTrue(out.contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), out);
    }

    @Test
    void shouldShipTheFlagForChildJvms() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/mproc/jvm-options")) {
            assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"));
        }
    }

    /** Tries to make a value in a JVM without the flag; prints the failure and exits with 3. */
    public static final class WithoutFlag {
        public static void main(final String[] args) {
            try {
                Value.ofInt(0).close();
                System.exit(0);
            } catch (final Throwable e) {
                System.out.println(e);
                System.exit(3);
            }
        }
    }
}
