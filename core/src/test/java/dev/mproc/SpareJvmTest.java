package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.SpareJvms;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm JVMs: a child that succeeded gives its shape a spare, the next child of that shape runs in it (and in it only),
 * a child of another shape does not, and a spare ends with its parent. Each test's children carry a variable of their
 * own, which makes their shape the test's alone and lets the test find its spares by their environment.
 */
@ExtendWith(NoLeaks.class)
class SpareJvmTest {

    private static final String MARK = "MPROC_SPARE_TEST";

    @TempDir
    Path dir;

    @Test
    void shouldRunTheNextChildInTheSpareAndUseEachSpareOnce() throws Exception {
        final String mark = UUID.randomUUID().toString();
        final Process.Builder builder = Process.builder().environment(MARK, mark);
        assertEquals(0, run(builder.start(() -> { })));
        final long spare = awaitSpare(mark, -1);

        final String seen = dir.resolve("seen").toString();
        final Process first = builder.name("from-a-spare").start(() -> Files.writeString(Path.of(seen),
            Processes.current().name() + " " + System.getenv(MARK) + " " + ProcessHandle.current().pid()));
        assertEquals(spare, first.pid(), "the child did not run in the spare");
        assertEquals(0, run(first));
        assertEquals("from-a-spare " + mark + " " + spare, Files.readString(Path.of(seen)));

        final long next = awaitSpare(mark, spare);
        final Process second = builder.name("exits-with-7").start(() -> Processes.exit(7));
        assertEquals(next, second.pid());
        assertNotEquals(spare, second.pid(), "a spare ran two children");
        assertEquals(7, run(second));

        final long third = awaitSpare(mark, next);
        final Process failing = builder.name("throws").start(() -> {
            throw new IllegalStateException("a failure in a spare, as in any child");
        });
        assertEquals(third, failing.pid());
        assertEquals(1, run(failing));
    }

    @Test
    void shouldNotUseASpareOfAnotherShape() throws Exception {
        final String mark = UUID.randomUUID().toString();
        assertEquals(0, run(Process.builder().environment(MARK, mark).start(() -> { })));
        final long spare = awaitSpare(mark, -1);

        final Process otherOptions = Process.builder().environment(MARK, mark).jvmOptions("-Dmproc.test.shape=other")
            .start(() -> { });
        assertNotEquals(spare, otherOptions.pid());
        assertEquals(0, run(otherOptions));
        final Process otherEnvironment = Process.builder().environment(MARK, mark).environment("ANOTHER", "1")
            .start(() -> { });
        assertNotEquals(spare, otherEnvironment.pid());
        assertEquals(0, run(otherEnvironment));

        assertTrue(ProcessHandle.of(spare).map(ProcessHandle::isAlive).orElse(false), "the spare was used");
        assertTrue(SpareJvms.pids().contains(spare));
    }

    @Test
    void shouldBootNoSpareForAChildThatFailed() throws Exception {
        final String mark = UUID.randomUUID().toString();
        assertEquals(1, run(Process.builder().environment(MARK, mark).start(() -> {
            throw new IllegalStateException("no spare for this shape yet");
        })));
        // Another shape's child that succeeds afterwards gets its spare, so by then this one would have had its own.
        final String other = UUID.randomUUID().toString();
        assertEquals(0, run(Process.builder().environment(MARK, other).start(() -> { })));
        awaitSpare(other, -1);
        assertEquals(List.of(), sparesMarked(mark));
    }

    @Test
    void shouldShowTheOutputOfAChildRunInASpareAsAColdChildsIsShown() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "spare-output",
            dir.toString());
        assertEquals(0, Children.awaitExit(parent, Await.HANG));
        assertEquals("out from the child\nran in the spare: true",
            Files.readString(dir.resolve("stdout.txt")).trim());
        assertEquals("err from the child", Files.readString(dir.resolve("stderr.txt")).trim());
    }

    @Test
    void shouldEndTheSpareWhenItsParentIsKilled() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "spare", dir.toString());
        try {
            final long spare = Long.parseLong(Children.awaitFile(dir.resolve("spare"), Await.HANG));
            assertTrue(ProcessHandle.of(spare).isPresent());
            parent.destroyForcibly(); // SIGKILL: no exit hook ends the spare, only the end of its standard input
            parent.waitFor();
            assertTrue(Children.awaitGone(spare, Await.HANG), "the spare outlived its killed parent");
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    @Test
    void shouldEndTheSpareWhenItsParentExits() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "spare", dir.toString());
        try {
            final long spare = Long.parseLong(Children.awaitFile(dir.resolve("spare"), Await.HANG));
            Files.writeString(dir.resolve("exit"), "now");
            assertEquals(0, Children.awaitExit(parent, Await.HANG));
            assertTrue(Children.awaitGone(spare, Await.HANG), "the spare outlived its parent");
            assertEquals("", Files.readString(dir.resolve("stderr.txt")), "a spare's end printed something");
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    private static int run(final Process process) throws InterruptedException {
        try (process) {
            process.join();
            return process.exitCode().orElseThrow();
        }
    }

    /** Waits for a spare of the test's shape other than {@code previous}, and returns its pid. */
    private static long awaitSpare(final String mark, final long previous) throws Exception {
        Await.until("a spare JVM marked " + mark, () -> sparesMarked(mark).stream().anyMatch(pid -> pid != previous));
        return sparesMarked(mark).stream().filter(pid -> pid != previous).findFirst().orElseThrow();
    }

    private static List<Long> sparesMarked(final String mark) {
        final String variable = MARK + "=" + mark;
        return SpareJvms.pids().stream().filter(pid -> environment(pid).contains(variable))
            .collect(Collectors.toList());
    }

    private static String environment(final long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                StandardCharsets.UTF_8);
        } catch (final IOException e) {
            // Ended since it was listed (a spare evicted for another shape's): its environment is of no interest.
            return "";
        }
    }
}
