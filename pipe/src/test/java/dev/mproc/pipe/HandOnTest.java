package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipe ends handed on: sent to a process and used there, taken back by the parent after the process that used them
 * ended (normally or by SIGKILL), or handed to a second process that receives what the first never read.
 */
@ExtendWith(NoLeaks.class)
class HandOnTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    /** Ports CPython's {@code _TestPicklingConnections.test_access}: ends of new pipes sent through a pipe. */
    @Test
    void testAccess() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection conn = pipe.left();
            final Connection childConn = pipe.right();
            try (Process p = Process.start(() -> {
                final Connection w = (Connection) childConn.recv();
                w.send("all is well");
                w.close();
                final Connection r = (Connection) childConn.recv();
                final String msg = (String) r.recv();
                childConn.send(msg + msg);
                childConn.close();
            })) {
                childConn.close();

                final Pipe first = Pipe.open(false);
                conn.send(first.right());
                first.right().close();
                assertEquals("all is well", first.left().recv());
                first.left().close();

                final Pipe second = Pipe.open(false);
                conn.send(second.left());
                second.left().close();
                second.right().send("foobar");
                second.right().close();
                assertEquals("foobarfoobar", conn.recv());

                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
        }
    }

    /**
     * A process of pipe protocol version 1 (untagged claims: "&lt;pid&gt; &lt;start&gt;") took the other end after its
     * holder closed it: this end names both versions rather than wait for, or send to, an end it cannot read.
     */
    @Test
    void shouldNameBothVersionsWhenAProcessOfAnotherVersionTookTheOtherEnd() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            pipe.right().send("before");
            assertEquals("before", pipe.left().recv());
            pipe.right().close();
            final Path socket = pipe.left().rendezvousPath();
            final Path taken = socket.resolveSibling(socket.getFileName() + ".right.1");
            Files.writeString(taken, ProcessHandle.current().pid() + " 1");
            final String versions = "pipe protocol version 2 here, 1 in the claim " + taken;
            final IOException received = assertThrows(IOException.class, () -> pipe.left().recv());
            assertTrue(received.getMessage().contains(versions), received.getMessage());
            // The first write may only find the socket closed (and keep the message); the next asks who took the end.
            final IOException sent = assertThrows(IOException.class, () -> {
                pipe.left().send("after");
                pipe.left().send("after");
            });
            assertTrue(sent.getMessage().contains(versions), sent.getMessage());
        }
    }

    /**
     * Issue 19, defect 3, as Python has it: the parent's copy of an end stays usable after the child that used it
     * exited (Python's descriptor is simply shared). Before, the parent's use failed: the end was "already used".
     */
    @Test
    void shouldLetTheParentUseAnEndAfterTheChildThatUsedItExited() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection mine = pipe.left();
            final Connection childs = pipe.right();
            try (Process child = Process.start(() -> {
                childs.send("from the child, " + childs.recv());
            })) {
                mine.send("hello");
                assertEquals("from the child, hello", mine.recv());
                assertTrue(child.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), child.exitCode());
            }
            childs.send("from the parent's copy");
            assertEquals("from the parent's copy", mine.recv());
            mine.send("back");
            assertEquals("back", childs.recv());
        }
    }

    /**
     * Issue 19, defect 3 as found: an end a dead child had used, taken by the parent after it closed the other end,
     * waited for ever (both claims were removed, so the end looked new and waited for an other end that would never
     * come). Its other end is closed everywhere, so it meets the end of the stream, as in Python.
     */
    @Test
    void shouldRaiseEofOnAnEndTakenBackWhenTheOtherEndIsClosed() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection mine = pipe.left();
            final Connection childs = pipe.right();
            try (Process child = Process.start(() -> {
                childs.send("one");
                Await.untilKilled();
            })) {
                assertEquals("one", mine.recv());
                child.kill();
                assertTrue(child.join(TIMEOUT));
            }
            assertThrows(EOFException.class, mine::recv);
            mine.close();
            final CompletableFuture<Object> taken = CompletableFuture.supplyAsync(() -> {
                try {
                    return childs.recv();
                } catch (final Exception e) {
                    return e;
                }
            });
            final Object outcome = taken.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(outcome instanceof EOFException, "the end of the stream, not " + outcome);
            assertTrue(((EOFException) outcome).getMessage().contains("left end"), ((Exception) outcome).getMessage());
        }
    }

    /** A child killed while it holds an end: the parent takes the end back and talks through it. */
    @Test
    void shouldLetTheParentTakeBackAnEndWhoseHolderWasKilled() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection mine = pipe.left();
            final Connection childs = pipe.right();
            try (Process child = Process.start(() -> {
                childs.send("attached");
                Await.untilKilled();
            })) {
                assertEquals("attached", mine.recv());
                child.kill();
                assertTrue(child.join(TIMEOUT));
                assertEquals(OptionalInt.of(137), child.exitCode());
            }
            childs.send("after the kill");
            assertEquals("after the kill", mine.recv());
            mine.send("and back");
            assertEquals("and back", childs.recv());
        }
    }

    /**
     * A reader killed with SIGKILL after reading two of five messages; its end handed to a second child, which
     * receives the three it never read, in order, with no I/O of the sender's in between.
     */
    @Test
    void shouldHandTheUnreadMessagesOfAKilledReaderToTheNextHolder() throws Exception {
        final Path firstOut = dir.resolve("first");
        final Path secondOut = dir.resolve("second");
        final String first = firstOut.toString();
        final String second = secondOut.toString();
        try (Pipe pipe = Pipe.open()) {
            final Connection sender = pipe.left();
            final Connection handed = pipe.right();
            for (int i = 0; i < 5; i++) {
                sender.send("m" + i);
            }
            try (Process reader = Process.start(() -> {
                final String read = handed.recv() + " " + handed.recv();
                Files.writeString(Path.of(first), read);
                Await.untilKilled();
            })) {
                assertEquals("m0 m1", Children.awaitFile(firstOut, TIMEOUT));
                reader.kill();
                assertTrue(reader.join(TIMEOUT));
            }
            try (Process next = Process.start(() -> {
                Files.writeString(Path.of(second), handed.recv() + " " + handed.recv() + " " + handed.recv());
                handed.send("done");
            })) {
                assertEquals("m2 m3 m4", Children.awaitFile(secondOut, TIMEOUT));
                assertTrue(next.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), next.exitCode());
            }
            assertEquals("done", sender.recv());
            assertThrows(EOFException.class, sender::recv);
        }
    }

    /**
     * A one-way pipe: the reader exits normally after one of three messages; the end goes to a second child, which
     * receives the other two and what the writer sent after the first reader had gone.
     */
    @Test
    void shouldHandTheUnreadMessagesOfAReaderThatExitedToTheNextHolder() throws Exception {
        final Path secondOut = dir.resolve("second");
        final String second = secondOut.toString();
        try (Pipe pipe = Pipe.open(false)) {
            final Connection reader = pipe.left();
            final Connection writer = pipe.right();
            writer.send("one");
            writer.send("two");
            writer.send("three");
            try (Process first = Process.start(() -> {
                if (!"one".equals(reader.recv())) {
                    throw new AssertionError("not the first message");
                }
            })) {
                assertTrue(first.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), first.exitCode());
            }
            try (Process next = Process.start(() -> {
                Files.writeString(Path.of(second), reader.recv() + " " + reader.recv() + " " + reader.recv());
            })) {
                writer.send("four");
                assertEquals("two three four", Children.awaitFile(secondOut, TIMEOUT));
                assertTrue(next.join(TIMEOUT));
            }
        }
    }

    /** Two live processes never share an end: the second is refused, naming the first, and the first goes on. */
    @Test
    void shouldStillRefuseAnEndHeldByALiveProcess() throws Exception {
        final Path out = dir.resolve("out");
        final String refusal = out.toString();
        try (Pipe pipe = Pipe.open()) {
            final Connection handed = pipe.right();
            try (Process holder = Process.start(() -> {
                handed.send("held");
                handed.send(handed.recv());
            })) {
                assertEquals("held", pipe.left().recv());
                try (Process intruder = Process.start(() -> {
                    try {
                        handed.send("intruding");
                        Files.writeString(Path.of(refusal), "sent");
                    } catch (final IllegalStateException e) {
                        Files.writeString(Path.of(refusal), e.getMessage());
                    }
                })) {
                    assertTrue(intruder.join(TIMEOUT));
                }
                final String message = Children.awaitFile(out, TIMEOUT);
                assertTrue(message.contains("in use by process " + holder.pid()), message);
                pipe.left().send("still mine");
                assertEquals("still mine", pipe.left().recv());
                assertTrue(holder.join(TIMEOUT));
            }
        }
    }
}
