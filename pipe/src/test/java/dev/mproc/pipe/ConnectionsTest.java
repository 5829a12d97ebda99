package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mproc.Process;
import dev.mproc.Sentinel;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Waiting on the ends of several pipes whose writers are child JVMs, and on children's sentinels. */
@ExtendWith(NoLeaks.class)
class ConnectionsTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldReturnTheConnectionsReadyToReceive() throws Exception {
        final Pipe quiet = Pipe.open();
        final Pipe talkative = Pipe.open(false);
        final Connection quietEnd = quiet.right();
        final Connection talkativeWriter = talkative.right();
        final Path talk = dir.resolve("talk");
        final String talkPath = talk.toString();
        try (Process q = Process.start(() -> {
                 // Attached, but silent until told to go.
                 quietEnd.recv();
                 quietEnd.close();
             });
             Process t = Process.start(() -> {
                 // Silent until the test has seen both quiet.
                 Await.until("told to talk", () -> Files.exists(Path.of(talkPath)));
                 talkativeWriter.send("first");
                 talkativeWriter.send("second");
                 talkativeWriter.close();
             })) {
            assertEquals(List.of(), Connections.waitAny(List.of(quiet.left(), talkative.left()),
                Duration.ofMillis(100)));
            Files.createFile(talk);
            final List<Connection> ready = Connections.waitAny(List.of(quiet.left(), talkative.left()), TIMEOUT);
            assertEquals(List.of(talkative.left()), ready);
            assertEquals("first", talkative.left().recv());
            // Buffered already: ready without a system call.
            assertEquals(List.of(talkative.left()), Connections.waitAny(List.of(quiet.left(), talkative.left())));
            assertEquals("second", talkative.left().recv());
            quiet.left().send("go");
            assertTrue(t.join(TIMEOUT));
            assertTrue(q.join(TIMEOUT));
        }
        quiet.close();
        talkative.close();
    }

    /**
     * CPython's {@code TestWait.test_wait}: four children each send ten messages through a pipe and close it; waiting
     * on the readers yields every message and then each end of stream.
     */
    @Test
    void test_wait() throws Exception {
        final List<Pipe> pipes = new ArrayList<>();
        final List<Process> children = new ArrayList<>();
        final List<Connection> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final Pipe pipe = Pipe.open(false);
            pipes.add(pipe);
            readers.add(pipe.left());
            final Connection writer = pipe.right();
            children.add(Process.builder().daemon(true).start(() -> {
                for (int n = 0; n < 10; n++) {
                    writer.send(List.of(n, ProcessHandle.current().pid()));
                }
                writer.close();
            }));
        }
        final List<String> received = new ArrayList<>();
        final List<Connection> open = new ArrayList<>(readers);
        while (!open.isEmpty()) {
            for (final Connection ready : Connections.waitAny(open)) {
                try {
                    received.add(ready.recv().toString());
                } catch (final EOFException end) {
                    open.remove(ready);
                    ready.close();
                }
            }
        }
        final List<String> expected = new ArrayList<>();
        for (final Process child : children) {
            for (int n = 0; n < 10; n++) {
                expected.add(List.of(n, child.pid()).toString());
            }
        }
        received.sort(null);
        expected.sort(null);
        assertEquals(expected, received);
        for (final Process child : children) {
            assertTrue(child.join(TIMEOUT));
            assertEquals(OptionalInt.of(0), child.exitCode());
            child.close();
        }
        pipes.forEach(Pipe::close);
    }

    /**
     * CPython's {@code TestWait.test_wait_timeout}: with nothing to receive, the wait lasts its timeout and returns
     * nothing; once a message is sent, it returns the end that can receive it.
     */
    @Test
    void test_wait_timeout() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection a = pipe.left();
            final Connection b = pipe.right();
            final Duration timeout = Duration.ofMillis(500);
            final long start = System.nanoTime();
            assertEquals(List.of(), Connections.waitAny(List.of(a, b), timeout));
            assertTrue(System.nanoTime() - start >= timeout.toNanos(), "returned before its timeout");

            b.send(null);
            assertEquals(List.of(a), Connections.waitAny(List.of(a, b), TIMEOUT));
        }
    }

    /**
     * CPython's {@code TestWait.test_wait_integer}, with the child's sentinel: a wait on two pipe ends and a child's
     * sentinel returns the sentinel when the child ends (woken by its end, not by a timeout), and then, in the order
     * given, every end that has a message as well.
     */
    @Test
    void test_wait_integer() throws Exception {
        final Path started = dir.resolve("started");
        final Path go = dir.resolve("go");
        final String startedPath = started.toString();
        final String goPath = go.toString();
        try (Pipe pipe = Pipe.open();
             Process p = Process.start(() -> {
                 Files.writeString(Path.of(startedPath), "started");
                 Await.until("told to end", () -> Files.exists(Path.of(goPath)));
             })) {
            final Connection a = pipe.left();
            final Connection b = pipe.right();
            attach(a, b);
            final Sentinel sentinel = p.sentinel();
            final List<Object> watched = List.of(a, sentinel, b);
            Children.awaitFile(started, TIMEOUT);
            assertEquals(List.of(), Connections.waitAny(watched, Duration.ZERO));

            final Thread ender = whenBlockedInSelect(Thread.currentThread(), () -> Files.createFile(go));
            assertEquals(List.of(sentinel), wokenBeforeItsTimeout(watched));
            ender.join();
            assertEquals(OptionalInt.of(0), p.exitCode());

            a.send(null);
            assertEquals(List.of(sentinel, b), Connections.waitAny(watched, TIMEOUT));
            b.send(null);
            assertEquals(List.of(a, sentinel, b), Connections.waitAny(watched, TIMEOUT));
            assertEquals(List.of(a, sentinel, b), Connections.waitAny(watched, Duration.ZERO));
        }
    }

    /** CPython's {@code TestWait.test_neg_timeout}: a negative timeout polls and returns nothing at once. */
    @Test
    void test_neg_timeout() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            attach(pipe.left(), pipe.right());
            final List<Connection> ready = assertTimeoutPreemptively(TIMEOUT,
                () -> Connections.waitAny(List.of(pipe.left()), Duration.ofSeconds(-1)));
            assertEquals(List.of(), ready);
            assertEquals(List.of(), Connections.waitAny(List.of(pipe.left()), Duration.ofSeconds(Long.MIN_VALUE)));
        }
    }

    /**
     * A message, or a child's death: a child killed with {@code kill -9} from outside while a wait watches its
     * sentinel and a silent connection wakes the wait, which returns the sentinel alone.
     */
    @Test
    void shouldReturnTheSentinelOfAChildKilledWhileWaitedOn() throws Exception {
        final Path waiting = dir.resolve("waiting");
        final String waitingPath = waiting.toString();
        try (Pipe pipe = Pipe.open();
             Process p = Process.start(() -> {
                 Files.writeString(Path.of(waitingPath), "waiting");
                 Await.untilKilled();
             })) {
            final Connection a = pipe.left();
            attach(a, pipe.right());
            Children.awaitFile(waiting, TIMEOUT);
            final ProcessHandle outsider = ProcessHandle.of(p.pid()).orElseThrow();
            final Thread killer = whenBlockedInSelect(Thread.currentThread(), outsider::destroyForcibly);
            assertEquals(List.of(p.sentinel()), wokenBeforeItsTimeout(List.of(a, p.sentinel())));
            killer.join();
            assertEquals(OptionalInt.of(137), p.exitCode());
            assertEquals(List.of(p.sentinel()), Connections.waitAny(List.of(a, p.sentinel()), Duration.ZERO));
        }
    }

    /**
     * A child blocked in a wait without timeout is interrupted ({@code Process.interrupt}, Python's SIGINT): the wait
     * throws {@link java.io.InterruptedIOException} rather than return, and that ends the child with exit code 1.
     */
    @Test
    void shouldEndAChildWhoseWaitIsInterrupted() throws Exception {
        assumeFalse(Children.sigintIgnored(), "SIGINT is ignored in this JVM, hence in its children (as in Python)");
        final Path waiting = dir.resolve("waiting");
        final String waitingPath = waiting.toString();
        try (Pipe pipe = Pipe.open();
             Process p = Process.start(() -> {
                 final Connection mine = pipe.right();
                 mine.send("attached");
                 Files.writeString(Path.of(waitingPath), "waiting");
                 Connections.waitAny(List.of(mine));
                 Files.writeString(Path.of(waitingPath), "the wait returned");
             })) {
            assertEquals("attached", pipe.left().recv());
            assertEquals("waiting", Children.awaitFile(waiting, TIMEOUT));
            p.interrupt();
            assertTrue(p.join(TIMEOUT));
            assertEquals(OptionalInt.of(1), p.exitCode());
            assertEquals("waiting", Files.readString(waiting).trim());
        }
    }

    @Test
    void shouldRejectWhatItCannotWaitOn() throws Exception {
        try (Pipe oneWay = Pipe.open(false); Process p = Process.start(() -> { })) {
            final IllegalArgumentException process = assertThrows(IllegalArgumentException.class,
                () -> Connections.waitAny(List.of(p), Duration.ZERO));
            assertTrue(process.getMessage().contains("sentinel()"), process.getMessage());
            final IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Connections.waitAny(List.of(oneWay.left(), "a string"), Duration.ZERO));
            assertTrue(other.getMessage().contains("java.lang.String"), other.getMessage());
            final IllegalArgumentException writeOnly = assertThrows(IllegalArgumentException.class,
                () -> Connections.waitAny(List.of(oneWay.right()), Duration.ZERO));
            assertTrue(writeOnly.getMessage().contains("write-only"), writeOnly.getMessage());
            assertThrows(NullPointerException.class, () -> Connections.waitAny(Arrays.asList(oneWay.left(), null)));
            assertTrue(p.join(TIMEOUT));
        }
    }

    /**
     * Waits with a timeout of {@link Await#HANG}, and fails if the wait only returned at its end: then what it found
     * ready was found by the poll at the deadline, not by a wake-up.
     */
    private static List<Object> wokenBeforeItsTimeout(final List<Object> watched) throws Exception {
        final long start = System.nanoTime();
        final List<Object> ready = Connections.waitAny(watched, TIMEOUT);
        assertTrue(System.nanoTime() - start < TIMEOUT.toNanos(), "the wait was not woken: " + ready
            + " found at its timeout");
        return ready;
    }

    /** Attaches both ends of a pipe in this process, so that a wait on them sleeps in its selector. */
    private static void attach(final Connection a, final Connection b) throws Exception {
        b.send("hello");
        assertEquals("hello", a.recv());
        a.send("hello");
        assertEquals("hello", b.recv());
    }

    /**
     * Runs an action on another thread once the waiter sleeps in a selector (its stack is the state to wait on), so
     * that what the action causes must wake the wait rather than be found by it.
     */
    private static Thread whenBlockedInSelect(final Thread waiter, final Action action) {
        final Thread thread = new Thread(() -> {
            try {
                Await.until("the waiter sleeps in its selector", () -> Arrays.stream(waiter.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("doSelect")));
                action.run();
            } catch (final Exception e) {
                throw new AssertionError(e);
            }
        }, "when-blocked-in-select");
        thread.start();
        return thread;
    }

    /** What a helper thread does once the waiter is blocked. */
    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
