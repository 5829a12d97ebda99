package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Address;
import dev.mproc.Process;
import dev.mproc.internal.Codec;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.NotSerializableException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pipe ends crossing into child JVMs: captured by tasks, sent through other pipes, used in two processes. */
@ExtendWith(NoLeaks.class)
class PipeTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldConnectTheTwoEndsInTwoDifferentChildren() throws Exception {
        final Pipe pipe = Pipe.open();
        final Connection left = pipe.left();
        final Connection right = pipe.right();
        final String out = dir.resolve("out").toString();
        try (Process receiver = Process.start(() -> {
                 final Object first = left.recv();
                 left.send("thanks from " + ProcessHandle.current().pid());
                 Files.writeString(Path.of(out), first + " " + left.recv());
                 left.close();
             });
             Process sender = Process.start(() -> {
                 right.send("hello from " + ProcessHandle.current().pid());
                 right.send(right.recv());
                 right.close();
             })) {
            assertTrue(receiver.join(TIMEOUT));
            assertTrue(sender.join(TIMEOUT));
            assertEquals(OptionalInt.of(0), receiver.exitCode());
            assertEquals(OptionalInt.of(0), sender.exitCode());
            assertEquals("hello from " + sender.pid() + " thanks from " + receiver.pid(),
                Files.readString(Path.of(out)));
        }
        pipe.close();
    }

    @Test
    void shouldAttachAnEndSentThroughAnotherPipe() throws Exception {
        try (Pipe control = Pipe.open(); Pipe data = Pipe.open()) {
            final Connection childControl = control.right();
            try (Process p = Process.start(() -> {
                final Connection received = (Connection) childControl.recv();
                received.send("via the end I was sent, from " + ProcessHandle.current().pid());
                received.close();
                childControl.close();
            })) {
                control.left().send(data.right());
                assertEquals("via the end I was sent, from " + p.pid(), data.left().recv());
                assertThrows(EOFException.class, () -> data.left().recv());
                assertTrue(p.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
        }
    }

    @Test
    void shouldRefuseAnEndAlreadyAttachedInAnotherProcessNamingIt() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection left = pipe.left();
            final Connection right = pipe.right();
            final String out = dir.resolve("out").toString();
            try (Process reader = Process.start(() -> {
                     left.recv();
                     left.recv();
                     left.close();
                 })) {
                right.send("first");
                try (Process intruder = Process.start(() -> {
                    try {
                        right.send("second, from the wrong process");
                        Files.writeString(Path.of(out), "sent");
                    } catch (final IllegalStateException e) {
                        Files.writeString(Path.of(out), e.getMessage());
                    }
                })) {
                    assertTrue(intruder.join(TIMEOUT));
                }
                final String refusal = Children.awaitFile(Path.of(out), TIMEOUT);
                assertTrue(refusal.contains("in use by process " + ProcessHandle.current().pid()), refusal);
                right.send("second");
                assertTrue(reader.join(TIMEOUT));
                assertEquals(OptionalInt.of(0), reader.exitCode());
            }
        }
    }

    @Test
    void shouldLetTheParentCloseItsCopyOfTheChildsEnd() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            final Connection writer = pipe.right();
            try (Process p = Process.start(() -> {
                writer.send("written after the parent closed its copy");
                writer.close();
            })) {
                writer.close();
                assertEquals("written after the parent closed its copy", pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
            }
        }
    }

    @Test
    void shouldEnforceTheDirectionOfAOneWayPipe() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            assertFalse(pipe.left().isWritable());
            assertFalse(pipe.right().isReadable());
            assertThrows(IllegalStateException.class, () -> pipe.left().send("x"));
            assertThrows(IllegalStateException.class, () -> pipe.right().recv());
            assertThrows(IllegalStateException.class, () -> pipe.right().poll());
        }
    }

    @Test
    void shouldNeverDeserializeGarbageSentIntoThePipeSocket() throws Exception {
        Tripwire.DESERIALIZED.set(false);
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        Codec.standard().encode(new Tripwire(), encoded);
        // The tripwire works: decoding it here trips it.
        Codec.standard().decode(encoded.toByteArray(), 0, encoded.size());
        assertTrue(Tripwire.DESERIALIZED.getAndSet(false));

        try (Pipe pipe = Pipe.open()) {
            // The left end attaches first, so it binds the rendezvous socket and waits for the right end.
            assertFalse(pipe.left().poll(Duration.ofMillis(300)));
            final Path socket = pipe.left().rendezvousPath();
            assertTrue(Files.exists(socket));
            try (SocketChannel intruder = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                final ByteBuffer frame = ByteBuffer.allocate(4 + encoded.size());
                frame.putInt(encoded.size()).put(encoded.toByteArray()).flip();
                try {
                    for (int i = 0; i < 3; i++) {
                        intruder.write(frame.duplicate());
                    }
                } catch (final IOException dropped) {
                    // The end may drop us before the last frames are written: a loaded machine lets it read the
                    // first, fail its authentication and close before this thread writes again.
                }
                // The end challenges first, then drops the intruder when its answer is not the HMAC.
                final ByteBuffer sink = ByteBuffer.allocate(4096);
                try {
                    while (intruder.read(sink) >= 0) {
                        sink.clear();
                    }
                } catch (final IOException reset) {
                    // Dropped with our garbage unread: the connection is reset rather than closed.
                }
            }
            final Connection child = pipe.right();
            try (Process p = Process.start(() -> {
                child.send("the real other end");
                child.close();
            })) {
                assertEquals("the real other end", pipe.left().recv());
                assertTrue(p.join(TIMEOUT));
            }
        }
        assertFalse(Tripwire.DESERIALIZED.get(), "garbage reached the deserializer");
    }

    @Test
    void shouldServeBothEndsInOneProcess() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            pipe.right().send("to myself");
            assertEquals("to myself", pipe.left().recv());
            pipe.left().sendBytes(new byte[] {1, 2});
            assertEquals(2, pipe.right().recvBytes().length);
        }
    }

    /** An mproc of pipe protocol version 1 wrote its claims untagged: "<pid> <start>". */
    @Test
    void shouldRefuseAnOtherEndClaimedByAnotherVersionNamingBoth() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Path socket = pipe.left().rendezvousPath();
            final Path claim = socket.resolveSibling(socket.getFileName() + ".right.0");
            Files.writeString(claim, ProcessHandle.current().pid() + " 1");
            final IOException e = assertThrows(IOException.class, () -> pipe.left().recv());
            assertTrue(e.getMessage().contains("pipe protocol version 2 here, 1 in the claim " + claim),
                e.getMessage());
            assertFalse(Files.exists(socket), "the left end listened for an end of another version");
        }
    }

    @Test
    void shouldBeTheSameObjectWhenAnEndComesBack() throws Exception {
        try (Pipe control = Pipe.open(); Pipe data = Pipe.open()) {
            control.right().send(data.right());
            assertTrue(data.right() == control.left().recv(), "an end arriving in its own process is interned");
        }
    }

    @Test
    void shouldRefuseToSendAListenerConnectionToAnotherProcess() throws Exception {
        final Address address = Address.unix(dir.resolve("l.sock"));
        try (Listener listener = Listener.bind(address); Pipe pipe = Pipe.open()) {
            final CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            final Connection client = Client.connect(address);
            accepted.get().close();
            final NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> pipe.right().send(client));
            assertTrue(e.getMessage().contains("cannot cross into another process"), e.getMessage());
            client.close();
        }
    }

    /**
     * The pattern of CPython's connection tests, {@code p.join()} before {@code conn.recv()}: a child that sent on a
     * pipe whose reader has not attached yet still exits (after its bounded exit flush), so the join returns. Unlike
     * CPython's, the message does not outlive its sender yet: a pipe's bytes wait in the sending process until the
     * reader attaches, so the reader then meets the end of the stream.
     */
    @Test
    void shouldLetAChildExitThatSentToAReaderNotYetAttached() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            final Connection writer = pipe.right();
            try (Process child = Process.start(() -> writer.send("hello"))) {
                assertTrue(child.join(Await.HANG), "the child exits without waiting for the reader");
                assertEquals(0, child.exitCode().getAsInt());
            }
            assertThrows(EOFException.class, pipe.left()::recv);
        }
    }
}
