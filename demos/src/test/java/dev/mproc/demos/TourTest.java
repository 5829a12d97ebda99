package dev.mproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each demo as the tour does, in a fresh JVM with sleeps shortened, and checks what it prints. */
class TourTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEveryDemo() throws Exception {
        final String out = tour();
        for (final Demo demo : Tour.demos()) {
            assertTrue(out.contains(demo.name()), out);
        }
    }

    @Test
    void processPerCpuShouldSayHelloFromEveryChild() throws Exception {
        final String out = tour("process-per-cpu", "--speed", "10");
        for (int n = 0; n < Runtime.getRuntime().availableProcessors(); n++) {
            assertTrue(out.contains("hello xx_" + n), out);
        }
        assertTrue(out.contains("parent pid " + "") && out.contains("my pid"), out);
        assertTrue(out.contains("--- process-per-cpu took"), out);
    }

    @Test
    void queueShouldPrintTheListTheChildPut() throws Exception {
        final String out = tour("queue", "--speed", "10");
        assertTrue(out.contains("\n[42, null, hello]\n"), out);
        assertTrue(out.contains("exited with 0"), out);
        assertTrue(out.contains("--- queue took"), out);
    }

    /** Runs the tour's main in a child JVM (so children's output is captured too) and returns its output. */
    static String tour(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Tour.class.getName()));
        command.addAll(List.of(args));
        final Path output = Files.createTempFile("tour", ".txt");
        try {
            final java.lang.Process tour = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            if (!tour.waitFor(120, TimeUnit.SECONDS)) {
                tour.descendants().forEach(ProcessHandle::destroyForcibly);
                tour.destroyForcibly();
                throw new AssertionError("tour " + List.of(args) + " did not end in 120 s");
            }
            final String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, tour.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
