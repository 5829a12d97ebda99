package dev.mproc.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.shm.NoShmLeaks;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app run by each launcher a user has, as the user types it, in a JVM from this JVM's {@code java.home} (so the
 * JDK 25 build runs JDK 25) with no JVM flag. Each run must exit 0 with the success line, print no WARNING or SEVERE
 * on its output or error, and leave nothing behind: no process (every process of a run has the run's own
 * {@code XDG_RUNTIME_DIR} in its environment, which is also where mproc puts its sockets), no file in that directory,
 * no new shared-memory file. The build makes the jars first (this is a failsafe test, run after {@code package}).
 */
class LaunchersIT {

    private static final Path BASEDIR = Path.of(System.getProperty("apps.basedir", "")).toAbsolutePath();
    private static final String FINAL_NAME = System.getProperty("apps.final.name");
    private static final String MAIN = UserApp.class.getName();
    /** A hang, not a speed: a run takes seconds. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void shouldRunFromTheClassPath() throws Exception {
        run("-cp", path("target/classes", "target/lib/*"), MAIN);
    }

    @Test
    void shouldRunFromAShadedJar() throws Exception {
        run("-jar", "target/" + FINAL_NAME + "-shaded.jar");
    }

    @Test
    void shouldRunFromTheModulePath() throws Exception {
        run("-p", path("target/" + FINAL_NAME + ".jar", "target/lib"), "-m", "dev.mproc.apps/" + MAIN);
    }

    @Test
    void shouldRunFromExplodedClassesAsAnIdeDoes() throws Exception {
        run("-cp", path("target/classes", "../core/target/classes", "../queue/target/classes",
            "../shared-memory/target/classes", "../manager/target/classes", "../pipe/target/classes"), MAIN);
    }

    @Test
    void shouldRunFromASpringBootExecutableJar() throws Exception {
        run("-jar", "target/" + FINAL_NAME + "-boot.jar");
    }

    /** Runs {@code java} with these arguments in the module's directory and checks the run. */
    private void run(final String... arguments) throws Exception {
        final Path runtime = Files.createDirectory(dir.resolve("runtime"));
        final Path output = dir.resolve("output.txt");
        final Set<Path> shmBefore = NoShmLeaks.present();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(BASEDIR.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());

        final int status = Children.awaitExit(builder.start(), RUN_LIMIT);
        final String printed = String.join(" ", command) + "\n" + Files.readString(output);
        assertEquals(0, status, printed);
        assertTrue(printed.lines().anyMatch(UserApp.SUCCESS::equals), printed);
        assertEquals(List.of(), printed.lines().filter(line -> line.contains("WARNING") || line.contains("SEVERE"))
            .collect(Collectors.toList()), printed);

        Await.until("no process of the run left", () -> processesWithRuntimeDirectory(runtime).isEmpty());
        assertEquals(List.of(), filesIn(runtime), "files left in the runtime directory\n" + printed);
        assertEquals(List.of(), NoShmLeaks.leftSince(shmBefore), "shared-memory files left behind\n" + printed);
    }

    private static String path(final String... entries) {
        return String.join(File.pathSeparator, entries);
    }

    /** @return the pids of live processes whose environment has this {@code XDG_RUNTIME_DIR} */
    private static List<Long> processesWithRuntimeDirectory(final Path runtime) {
        final byte[] entry = ("XDG_RUNTIME_DIR=" + runtime).getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses().filter(process -> environmentHas(process.pid(), entry))
            .map(ProcessHandle::pid).collect(Collectors.toList());
    }

    private static boolean environmentHas(final long pid, final byte[] entry) {
        final byte[] environment;
        try {
            environment = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (final IOException e) {
            return false; // gone since it was listed, or another user's
        }
        int start = 0;
        for (int i = 0; i <= environment.length; i++) {
            if (i == environment.length || environment[i] == 0) {
                if (Arrays.equals(environment, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** @return every file under the directory; the empty directories mproc keeps do not count */
    private static List<Path> filesIn(final Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.filter(path -> !Files.isDirectory(path)).sorted().collect(Collectors.toList());
        }
    }
}
