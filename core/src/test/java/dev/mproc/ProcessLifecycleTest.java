package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole parent JVMs, watched from outside: what happens to children when a parent dies or exits. */
@ExtendWith(NoLeaks.class)
class ProcessLifecycleTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldEndChildrenAndGrandchildrenWhenTheParentIsKilled() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "orphan", dir.toString());
        try {
            final long child = Long.parseLong(Children.awaitFile(dir.resolve("child"), TIMEOUT));
            final long grandchild = Long.parseLong(Children.awaitFile(dir.resolve("grandchild"), TIMEOUT));
            assertTrue(ProcessHandle.of(child).isPresent());
            assertTrue(ProcessHandle.of(grandchild).isPresent());

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            parent.waitFor();
            assertTrue(Children.awaitGone(child, TIMEOUT), "child outlived its killed parent");
            assertTrue(Children.awaitGone(grandchild, TIMEOUT), "grandchild outlived its parents");
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    @Test
    void shouldTerminateDaemonChildrenAndJoinTheOthersWhenTheParentExits() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "exit", dir.toString());
        assertEquals(0, Children.awaitExit(parent, TIMEOUT));
        final String[] pids = Files.readString(dir.resolve("pids")).split(" ");
        assertEquals("finished", Files.readString(dir.resolve("joined")),
            "the parent exited before its non-daemon child finished");
        assertTrue(Children.awaitGone(Long.parseLong(pids[0]), TIMEOUT), "daemon child survived");
        assertTrue(Children.awaitGone(Long.parseLong(pids[1]), TIMEOUT));
    }

    @Test
    void shouldShowTheChildsStackTraceOnTheInheritedStandardError() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "failure", dir.toString());
        assertEquals(0, Children.awaitExit(parent, TIMEOUT));
        assertEquals("exit code 1", Files.readString(dir.resolve("stdout.txt")).trim());
        final String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(stderr.contains("IllegalArgumentException: boom from the child"), stderr);
        assertTrue(stderr.contains("at dev.mproc.ParentScenarios"), stderr);
    }

    @Test
    void shouldShowTheJvmsOwnMessageWhenAChildCannotStart() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "bad-option",
            dir.toString());
        assertEquals(0, Children.awaitExit(parent, TIMEOUT));
        final String stdout = Files.readString(dir.resolve("stdout.txt")).trim();
        assertTrue(stdout.equals("exit code 1") || stdout.startsWith("start failed"), stdout);
        assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("NoSuchMprocOption"));
    }

    @Test
    void shouldInheritStandardOutputInOrder() throws Exception {
        final java.lang.Process parent = Children.launchJvm(dir, ParentScenarios.class, "print", dir.toString());
        assertEquals(0, Children.awaitExit(parent, TIMEOUT));
        assertEquals("child line 0\nchild line 1\nchild line 2\nchild line 3\nchild line 4\nparent after join",
            Files.readString(dir.resolve("stdout.txt")).trim());
        assertEquals("child error line", Files.readString(dir.resolve("stderr.txt")).trim());
        assertFalse(Files.readString(dir.resolve("stderr.txt")).contains("Exception"));
    }
}
