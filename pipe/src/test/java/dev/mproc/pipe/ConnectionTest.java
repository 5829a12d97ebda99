package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.BufferTooShortException;
import dev.mproc.MessageTooLongException;
import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Messages through a pipe whose other end is in a child JVM. */
@ExtendWith(NoLeaks.class)
class ConnectionTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverMessagesWholeAndInOrderBothWays() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            final int count = 2_000;
            try (Process p = Process.start(() -> {
                // Echo every message back until an empty one, then report how many arrived.
                int received = 0;
                for (byte[] message = child.recvBytes(); message.length > 0; message = child.recvBytes()) {
                    child.sendBytes(message);
                    received++;
                }
                child.send(received);
                child.close();
            })) {
                final Random random = new Random(42);
                final byte[][] sent = new byte[count][];
                for (int i = 0; i < count; i++) {
                    // Sizes across the batching limit and the read-ahead buffer, tagged with their index.
                    final int size = i % 100 == 0 ? 70_000 + random.nextInt(200_000) : 4 + random.nextInt(300);
                    sent[i] = new byte[size];
                    random.nextBytes(sent[i]);
                    ByteBuffer.wrap(sent[i]).putInt(i);
                }
                final Thread writer = new Thread(() -> {
                    try {
                        for (final byte[] message : sent) {
                            pipe.left().sendBytes(message);
                        }
                    } catch (final IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                for (int i = 0; i < count; i++) {
                    assertArrayEquals(sent[i], pipe.left().recvBytes(), "message " + i);
                }
                writer.join();
                pipe.left().sendBytes(new byte[0]);
                assertEquals(count, pipe.left().recv());
                assertThrows(EOFException.class, () -> pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
        }
    }

    @Test
    void shouldCarryObjectsAndNullAndStrings() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.send(Arrays.asList(42, null, "hello"));
                child.send(null);
                child.send("text");
                child.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                child.close();
            })) {
                assertEquals(Arrays.asList(42, null, "hello"), pipe.left().recv());
                assertEquals(null, pipe.left().recv());
                assertEquals("text", pipe.left().recv());
                assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), pipe.left().recv());
                assertThrows(EOFException.class, () -> pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
            }
        }
    }

    @Test
    void shouldCarryA256MiBMessage() throws Exception {
        final int size = 256 * 1024 * 1024;
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.builder().jvmOptions("-Xmx1g").start(() -> {
                final byte[] big = new byte[size];
                for (int i = 0; i < size; i += 4096) {
                    big[i] = (byte) (i >>> 12);
                }
                big[size - 1] = 99;
                child.sendBytes(big);
                child.sendBytes(new byte[] {7});
                child.close();
            })) {
                final byte[] received = pipe.left().recvBytes();
                assertEquals(size, received.length);
                for (int i = 0; i < size; i += 4096) {
                    if (received[i] != (byte) (i >>> 12)) {
                        throw new AssertionError("byte " + i + " differs");
                    }
                }
                assertEquals(99, received[size - 1]);
                assertArrayEquals(new byte[] {7}, pipe.left().recvBytes());
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
        }
    }

    @Test
    void shouldDiscardAMessageLongerThanMaxLengthAndDeliverTheNext() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.sendBytes(new byte[100_000]);
                child.sendBytes("next".getBytes());
                child.close();
            })) {
                final MessageTooLongException e = assertThrows(MessageTooLongException.class,
                    () -> pipe.left().recvBytes(1000));
                assertEquals(100_000, e.length());
                assertEquals("next", new String(pipe.left().recvBytes(1000)));
                assertTrue(p.join(TIMEOUT));
            }
        }
    }

    @Test
    void shouldReceiveIntoBuffersAndCarryTheMessageWhenTooShort() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.sendBytes("abcdef".getBytes());
                child.sendBytes("0123456789".getBytes(), 2, 3);
                child.sendBytes("too long for it".getBytes());
                child.close();
            })) {
                final byte[] array = new byte[10];
                assertEquals(6, pipe.left().recvBytesInto(array, 2));
                assertEquals("abcdef", new String(array, 2, 6));
                final ByteBuffer direct = ByteBuffer.allocateDirect(8);
                assertEquals(3, pipe.left().recvBytesInto(direct));
                assertEquals(3, direct.position());
                final BufferTooShortException e = assertThrows(BufferTooShortException.class,
                    () -> pipe.left().recvBytesInto(new byte[4]));
                assertEquals("too long for it", new String(e.message()));
                assertThrows(EOFException.class, () -> pipe.left().recvBytes());
                assertTrue(p.join(TIMEOUT));
            }
        }
    }

    @Test
    void shouldRaiseEofAfterTheMessagesAlreadySentWhenTheOtherEndCloses() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                for (int i = 0; i < 1000; i++) {
                    child.send(i);
                }
                child.close();
                Await.untilKilled();
            })) {
                for (int i = 0; i < 1000; i++) {
                    assertEquals(i, pipe.left().recv());
                }
                final EOFException eof = assertThrows(EOFException.class, () -> pipe.left().recv());
                assertTrue(eof.getMessage().contains("closed"), eof.getMessage());
                assertTrue(pipe.left().poll(), "poll reports the end of the stream as ready");
                p.kill();
                p.join();
            }
        }
    }

    @Test
    void shouldRaiseEofWhenTheOtherProcessIsKilled() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.send("one");
                child.send("two");
                Await.untilKilled();
            })) {
                assertEquals("one", pipe.left().recv());
                assertEquals("two", pipe.left().recv());
                assertFalse(pipe.left().poll(Duration.ofMillis(100)));
                p.kill();
                assertThrows(EOFException.class, () -> pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(137), p.exitCode());
            }
        }
    }

    @Test
    void shouldRaiseEofWhenTheOtherProcessIsKilledBeforeItConnected() throws Exception {
        final String attached = dir.resolve("attached").toString();
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                // Attaches (claims and binds) but waits for a peer that comes only after the kill.
                child.poll(Duration.ofMillis(1));
                Files.writeString(Path.of(attached), "yes");
                Await.untilKilled();
            })) {
                Children.awaitFile(Path.of(attached), TIMEOUT);
                p.kill();
                assertTrue(p.join(TIMEOUT));
                final EOFException eof = assertThrows(EOFException.class, () -> pipe.left().recv());
                assertTrue(eof.getMessage().contains("has died") || eof.getMessage().contains("closed"),
                    eof.getMessage());
            }
        }
    }

    @Test
    void shouldFailToSendToAClosedPeerWithAClearIoException() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.recv();
                child.close();
            })) {
                pipe.left().send("hello");
                assertTrue(p.join(TIMEOUT));
                // The first send may still reach the socket's buffer; a later one learns the peer is gone.
                final IOException e = assertThrows(IOException.class, () -> Await.until("a send fails", () -> {
                    pipe.left().send("anyone there?");
                    return false;
                }));
                assertTrue(e.getMessage().contains("other end"), e.getMessage());
                assertThrows(EOFException.class, () -> pipe.left().recv());
            }
        }
    }

    @Test
    void shouldNameTheClassThatIsNotSerializableAndStayUsable() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                if (!"still usable".equals(child.recv())) {
                    throw new AssertionError("wrong message");
                }
                child.close();
            })) {
                final NotSerializableException e = assertThrows(NotSerializableException.class,
                    () -> pipe.left().send(List.of(new Object())));
                assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
                pipe.left().send("still usable");
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
        }
    }

    @Test
    void shouldPollWithATimeout() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.recv();
                child.send("late");
                child.close();
            })) {
                assertFalse(pipe.left().poll());
                assertFalse(pipe.left().poll(Duration.ofMillis(200)));
                pipe.left().send("go");
                assertTrue(pipe.left().poll(TIMEOUT));
                assertEquals("late", pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
            }
        }
    }

    @Test
    void shouldRejectUseAfterClose() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.send("x");
                child.close();
            })) {
                assertEquals("x", pipe.left().recv());
                pipe.left().close();
                assertTrue(pipe.left().isClosed());
                final IOException e = assertThrows(IOException.class, () -> pipe.left().send("y"));
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
                assertTrue(p.join(TIMEOUT));
            }
        }
    }
}
