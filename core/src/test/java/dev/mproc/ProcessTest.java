package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.OpaqueClassLoader;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeaks.class)
class ProcessTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldRunTheTaskInAChildJvmWithItsCapturedArguments() throws Exception {
        final String out = dir.resolve("out").toString();
        final String greeting = "hello";
        final int times = 3;
        try (Process p = Process.start(() -> Files.writeString(Path.of(out),
            greeting.repeat(times) + " " + ProcessHandle.current().pid() + " "
                + ProcessHandle.current().parent().orElseThrow().pid()))) {
            assertTrue(p.join(TIMEOUT));
            assertEquals(OptionalInt.of(0), p.exitCode());
            final String[] written = Files.readString(Path.of(out)).split(" ");
            assertEquals("hellohellohello", written[0]);
            assertEquals(p.pid(), Long.parseLong(written[1]));
            assertNotEquals(ProcessHandle.current().pid(), p.pid());
            assertEquals(ProcessHandle.current().pid(), Long.parseLong(written[2]));
        }
    }

    @Test
    void shouldNameChildrenAndTellThemWhoTheirParentIs() throws Exception {
        final String out = dir.resolve("out").toString();
        try (Process p = Process.builder().name("worker-a").daemon(true).start(() -> Files.writeString(Path.of(out),
            Processes.current().name() + "|" + Processes.current().pid() + "|" + Processes.isDaemon() + "|"
                + Processes.parent().orElseThrow().pid() + "|" + Processes.parent().orElseThrow().name()))) {
            assertEquals("worker-a", p.name());
            assertTrue(p.isDaemon());
            assertTrue(p.join(TIMEOUT));
            assertEquals("worker-a|" + p.pid() + "|true|" + ProcessHandle.current().pid() + "|"
                + Processes.current().name(), Files.readString(Path.of(out)));
        }
        try (Process unnamed = Process.start(() -> { })) {
            assertTrue(unnamed.name().matches("Process-\\d+"), unnamed.name());
            assertFalse(unnamed.isDaemon());
            unnamed.join();
        }
        assertTrue(Processes.parent().isEmpty());
    }

    @Test
    void shouldExitWithOneOnAnUncaughtException() throws Exception {
        try (Process p = Process.start(() -> {
            throw new IllegalStateException("expected failure of a test child");
        })) {
            assertTrue(p.join(TIMEOUT));
            assertEquals(OptionalInt.of(1), p.exitCode());
        }
    }

    @Test
    void shouldExitWithTheCodeTheTaskAsksFor() throws Exception {
        try (Process p = Process.start(() -> Processes.exit(42))) {
            assertTrue(p.join(TIMEOUT));
            assertEquals(OptionalInt.of(42), p.exitCode());
        }
    }

    @Test
    void shouldTerminateAndKillARunningChild() throws Exception {
        try (Process terminated = Process.start(Await::untilKilled);
             Process killed = Process.start(Await::untilKilled)) {
            assertTrue(terminated.isAlive());
            assertTrue(terminated.exitCode().isEmpty());
            assertFalse(terminated.join(Duration.ofMillis(50)));
            assertTrue(Processes.activeChildren().contains(terminated));

            terminated.terminate();
            killed.kill();
            assertTrue(terminated.join(TIMEOUT));
            assertTrue(killed.join(TIMEOUT));
            assertEquals(OptionalInt.of(143), terminated.exitCode());
            assertEquals(OptionalInt.of(137), killed.exitCode());
            assertFalse(Processes.activeChildren().contains(terminated));
            assertTrue(terminated.toString().contains("exitcode=143"), terminated.toString());
        }
    }

    @Test
    void shouldEndAStillRunningChildOnClose() throws Exception {
        final Process p = Process.start(Await::untilKilled);
        p.close();
        assertFalse(p.isAlive());
        assertTrue(Children.awaitGone(p.pid(), TIMEOUT));
    }

    @Test
    void shouldGiveTheChildItsEnvironmentAndJvmOptions() throws Exception {
        final String out = dir.resolve("out").toString();
        try (Process p = Process.builder().environment("MPROC_TEST_VAR", "from-parent")
            .jvmOptions("-Dmproc.test.option=on", "-Xmx96m")
            .start(() -> Files.writeString(Path.of(out), System.getenv("MPROC_TEST_VAR") + " "
                + System.getProperty("mproc.test.option") + " "
                + System.getProperty("mproc.test.forwarded")))) {
            assertTrue(p.join(TIMEOUT));
            assertEquals(OptionalInt.of(0), p.exitCode());
        }
        assertEquals("from-parent on from-the-parent-jvm", Files.readString(Path.of(out)),
            "environment, JVM option and the parent's forwarded -Dmproc.* flag (surefire's argLine) reach the child");
    }

    @Test
    void shouldRejectATaskThatCapturesSomethingNotSerializableBeforeStartingAChild() {
        final Thread notSerializable = new Thread(() -> { });
        final int before = Processes.activeChildren().size();
        final NotSerializableException e = assertThrows(NotSerializableException.class,
            () -> Process.start(() -> notSerializable.getName()));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertEquals(before, Processes.activeChildren().size());
    }

    @Test
    void shouldRejectATaskWhoseClassTheChildCannotLoad() throws Exception {
        // A loader that defines classes from bytes it read itself: nothing a child's command line could name.
        final Path classes = Path.of(ProcessTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final ClassLoader opaque = new OpaqueClassLoader(ClassLoader.getPlatformClassLoader(), classes);
        final Object task = opaque.loadClass(SleepTask.class.getName()).getConstructor().newInstance();
        assertNotEquals(SleepTask.class.getClassLoader(), task.getClass().getClassLoader());
        // The foreign Task interface differs from ours, so wrap: the lambda captures the foreign object.
        final InvalidObjectException e = assertThrows(InvalidObjectException.class,
            () -> Process.start(() -> task.hashCode()));
        assertTrue(e.getMessage().contains(SleepTask.class.getName()), e.getMessage());
    }

    @Test
    void shouldReportABadJvmOptionAsAFailedChildNeverAHang() throws Exception {
        try (Process p = Process.builder().jvmOptions("-XX:+NoSuchMprocOption").start(() -> { })) {
            assertTrue(p.join(TIMEOUT));
            assertNotEquals(OptionalInt.of(0), p.exitCode());
        } catch (final IOException e) {
            assertTrue(e.getMessage().contains("exited before it took its task"), e.getMessage());
        }
    }

    @Test
    void shouldCountProcessorsAndKeepTheAuthkeyPrivate() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Processes.cpuCount());
        assertEquals(32, Processes.authkey().length);
        Processes.authkey()[0] ^= 1;
        assertEquals(Processes.authkey()[0], Processes.authkey()[0], "callers get copies");
        assertFalse(Processes.current().toString().contains("authkey"));
    }

    /** A serializable task class, loaded by a foreign class loader in one test. */
    public static final class SleepTask implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * CPython's {@code test_terminate}, for a child that has a running non-daemon child of its own: terminated, it ends
     * promptly with SIGTERM's status (Python's {@code -SIGTERM}) instead of joining its child at exit, and that child,
     * orphaned, ends too.
     */
    @Test
    void test_terminate() throws Exception {
        final Path grandchildPid = dir.resolve("grandchild");
        final String where = grandchildPid.toString();
        try (Process child = Process.start(() -> {
            final Process grandchild = Process.start(Await::untilKilled);
            Files.writeString(Path.of(where), Long.toString(grandchild.pid()));
            Await.untilKilled();
        })) {
            final long grandchild = Long.parseLong(Children.awaitFile(grandchildPid, Await.HANG));
            child.terminate();
            assertTrue(child.join(Await.HANG), "a terminated child does not wait for its own children");
            assertEquals(OptionalInt.of(143), child.exitCode());
            assertTrue(Children.awaitGone(grandchild, Await.HANG), "the grandchild ends with it");
        }
    }

    /**
     * CPython's {@code _TestProcess.test_sentinel}: a running child's sentinel is not ready; once the child has ended
     * and been joined, it is, and what waited on it has been told.
     */
    @Test
    void test_sentinel() throws Exception {
        final Path go = dir.resolve("go");
        final String goPath = go.toString();
        try (Process p = Process.start(() -> Await.until("told to end", () -> Files.exists(Path.of(goPath))))) {
            final Sentinel sentinel = p.sentinel();
            assertSame(sentinel, p.sentinel());
            assertFalse(sentinel.isReady());
            final CountDownLatch told = new CountDownLatch(1);
            final Sentinel.Registration waiting = sentinel.onReady(told::countDown);
            try (waiting) {
                Files.createFile(go);
                assertTrue(p.join(TIMEOUT));
                assertTrue(sentinel.isReady(), "ready as soon as join returns");
                assertTrue(told.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertTrue(sentinel.toString().contains(p.name()), sentinel.toString());
        }
    }

    /**
     * CPython's {@code _TestCondition.test_wait_result}, its SIGINT half turned round: there a child's
     * {@code os.kill(pid, SIGINT)} makes the parent's blocked {@code c.wait(60)} raise {@code KeyboardInterrupt}; here
     * {@code interrupt()} makes a child's blocked wait throw {@link InterruptedException}, which ends it with exit code
     * 1 as an uncaught {@code KeyboardInterrupt} ends a Python child. A child that ignores interrupts keeps running,
     * and is then terminated.
     */
    @Test
    void test_wait_result() throws Exception {
        assumeFalse(Children.sigintIgnored(), "SIGINT is ignored in this JVM, hence in its children (as in Python)");
        final Path waiting = dir.resolve("waiting");
        final Path ignoring = dir.resolve("ignoring");
        final Path ignored = dir.resolve("ignored");
        final String waitingPath = waiting.toString();
        final String ignoringPath = ignoring.toString();
        final String ignoredPath = ignored.toString();
        try (Process blocked = Process.start(() -> {
                 Files.writeString(Path.of(waitingPath), "waiting");
                 new CountDownLatch(1).await();
             });
             Process stubborn = Process.start(() -> {
                 Files.writeString(Path.of(ignoringPath), "waiting");
                 while (true) {
                     try {
                         Await.untilKilled();
                         return;
                     } catch (final InterruptedException e) {
                         Files.writeString(Path.of(ignoredPath), "interrupted, going on");
                     }
                 }
             })) {
            Children.awaitFile(waiting, TIMEOUT);
            blocked.interrupt();
            assertTrue(blocked.join(TIMEOUT));
            assertEquals(OptionalInt.of(1), blocked.exitCode(), "the InterruptedException ended the task");
            blocked.interrupt(); // ended: nothing to do

            Children.awaitFile(ignoring, TIMEOUT);
            stubborn.interrupt();
            assertEquals("interrupted, going on", Children.awaitFile(ignored, TIMEOUT));
            assertTrue(stubborn.isAlive(), "a task that ignores the interrupt keeps running");
            stubborn.terminate();
            assertTrue(stubborn.join(TIMEOUT));
            assertEquals(OptionalInt.of(143), stubborn.exitCode());
        }
    }
}
