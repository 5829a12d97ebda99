package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes coming and going over one runtime directory while another creates queues in it without pause: no create
 * fails, and the directory outlives them all. (An mproc process used to remove the directory at its exit when it was
 * empty, between another process's making sure it exists and binding its socket there: 3 in 100,000 creates failed.)
 */
@ExtendWith(NoLeaks.class)
class RuntimeDirectoryRaceTest {

    private static final int CHURNERS = 12;

    @TempDir
    Path dir;

    @Test
    void shouldCreateQueuesWhileOtherProcessesComeAndGoInTheSameRuntimeDirectory() throws Exception {
        final Path runtime = dir.resolve("rt");
        final Path stop = dir.resolve("stop");
        final Path ready = dir.resolve("ready");
        final java.lang.Process creator = jvm(runtime, Creator.class, "creator", stop.toString(), ready.toString());
        Await.until("the creator to make its first queue", () -> Files.exists(ready));
        for (int i = 0; i < CHURNERS; i++) {
            final java.lang.Process churner = jvm(runtime, Churner.class, "churner-" + i);
            assertEquals(0, Children.awaitExit(churner, Await.HANG),
                Files.readString(dir.resolve("churner-" + i + ".err")));
        }
        Files.createFile(stop);
        assertEquals(0, Children.awaitExit(creator, Await.HANG), Files.readString(dir.resolve("creator.err")));
        final String report = Files.readString(dir.resolve("creator.out")).strip();
        assertTrue(report.matches("created [1-9][0-9]*, failed 0"), report + "\n"
            + Files.readString(dir.resolve("creator.err")));
        assertTrue(Files.isDirectory(runtime), "the runtime directory outlives every process that used it");
    }

    private java.lang.Process jvm(final Path runtime, final Class<?> main, final String name, final String... args)
        throws Exception {
        final List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dmproc.runtimeDir=" + runtime, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    }

    /** Creates and closes queues until told to stop; prints how many, and how many failed. */
    public static final class Creator {
        public static void main(final String[] args) throws Exception {
            final Path stop = Path.of(args[0]);
            int created = 0;
            int failed = 0;
            while (!Files.exists(stop)) {
                try (Queue<String> q = Queue.create()) {
                    q.put("x");
                    created++;
                } catch (final Exception e) {
                    failed++;
                    e.printStackTrace();
                }
                if (created == 1 && !Files.exists(Path.of(args[1]))) {
                    Files.createFile(Path.of(args[1]));
                }
            }
            System.out.println("created " + created + ", failed " + failed);
        }
    }

    /** An mproc process that comes and goes: it makes a queue in the runtime directory, closes it, and exits. */
    public static final class Churner {
        public static void main(final String[] args) throws Exception {
            try (Queue<String> q = Queue.create()) {
                q.put("y");
            }
        }
    }
}
