package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.BufferTooShortException;
import dev.mproc.MessageTooLongException;
import dev.mproc.internal.Codec;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class FrameChannelTest {

    @Test
    void shouldDeliverMessagesWholeAndInOrderWhateverTheirSize() throws Exception {
        final Random random = new Random(42);
        final List<byte[]> sent = new ArrayList<>();
        for (final int size : new int[] {0, 1, 3, 4, 100, 32 * 1024, 32 * 1024 + 1, 64 * 1024, 200_000, 5_000_000}) {
            final byte[] message = new byte[size];
            random.nextBytes(message);
            sent.add(message);
        }
        try (WireFixture pair = WireFixture.open()) {
            final CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (final byte[] message : sent) {
                        pair.left.send(message, 0, message.length);
                    }
                } catch (final IOException e) {
                    throw new RuntimeException(e);
                }
            });
            for (final byte[] message : sent) {
                assertArrayEquals(message, pair.right.receive());
            }
            sender.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldWriteFramesAsPythonDoes() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.left.send(new byte[] {7, 8, 9}, 0, 3);
            final ByteBuffer raw = ByteBuffer.allocate(7);
            final SocketChannel socket = pair.right.socket();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (raw.hasRemaining() && System.nanoTime() < deadline) {
                socket.read(raw);
            }
            assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, raw.array(), "4-byte big-endian length, then bytes");
        }
    }

    @Test
    void shouldDiscardATooLongMessageAndKeepTheFraming() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.left.send(new byte[100_000], 0, 100_000);
            pair.left.send(new byte[] {1, 2}, 0, 2);
            final MessageTooLongException e = assertThrows(MessageTooLongException.class,
                () -> pair.right.receive(1000));
            assertEquals(100_000, e.length());
            assertArrayEquals(new byte[] {1, 2}, pair.right.receive(1000));
        }
    }

    @Test
    void shouldCloseTheConnectionOnAGarbledLength() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.left.socket().write(ByteBuffer.wrap(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1}));
            final StreamCorruptedException e = assertThrows(StreamCorruptedException.class, pair.right::receive);
            assertTrue(e.getMessage().contains("exceeds the maximum"), e.getMessage());
            assertTrue(pair.right.isClosed());
        }
    }

    @Test
    void shouldReceiveEverySentMessageBeforeTheEndOfStream() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.left.send(new byte[] {1}, 0, 1);
            pair.left.send(new byte[] {2}, 0, 1);
            pair.left.close();
            assertArrayEquals(new byte[] {1}, pair.right.receive());
            assertArrayEquals(new byte[] {2}, pair.right.receive());
            assertTrue(pair.right.poll(0), "the end of the stream is ready to be received");
            final EOFException e = assertThrows(EOFException.class, pair.right::receive);
            assertTrue(e.getMessage().contains("the left end closed the connection"), e.getMessage());
        }
    }

    @Test
    void shouldFailToSendToAClosedPeerWithAClearMessage() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.right.close();
            final IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    pair.left.send(new byte[64 * 1024], 0, 64 * 1024);
                }
            });
            assertTrue(e.getMessage().contains("the other end is closed"), e.getMessage());
        }
    }

    @Test
    void shouldStillReceiveWhatTheGonePeerSentAfterASendToItFailed() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.right.send(new byte[] {1}, 0, 1);
            pair.right.send(new byte[] {2}, 0, 1);
            pair.right.close();
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    pair.left.send(new byte[64 * 1024], 0, 64 * 1024);
                }
            });
            assertArrayEquals(new byte[] {1}, pair.left.receive(), "a failed send loses nothing already received");
            assertArrayEquals(new byte[] {2}, pair.left.receive());
            assertThrows(EOFException.class, pair.left::receive);
            final IOException again = assertThrows(IOException.class, () -> pair.left.send(new byte[] {3}, 0, 1));
            assertTrue(again.getMessage().contains("the other end is closed"), again.getMessage());
        }
    }

    @Test
    void shouldPollWithATimeoutAndHonourInterruptsWithoutLosingTheConnection() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            assertFalse(pair.right.poll(0));
            final long start = System.nanoTime();
            assertFalse(pair.right.poll(100));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));

            Thread.currentThread().interrupt();
            assertThrows(InterruptedIOException.class, pair.right::receive);
            assertFalse(Thread.currentThread().isInterrupted());

            pair.left.send(new byte[] {5}, 0, 1);
            assertTrue(pair.right.poll(5000));
            assertArrayEquals(new byte[] {5}, pair.right.receive(), "the connection survived the interrupt");
        }
    }

    @Test
    void shouldReceiveIntoABufferOrHandBackTheMessageWhenItIsTooShort() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            pair.left.send(new byte[] {1, 2, 3}, 0, 3);
            pair.left.send(new byte[] {4, 5, 6, 7}, 0, 4);
            final ByteBuffer target = ByteBuffer.allocate(5);
            assertEquals(3, pair.right.receiveInto(target));
            assertEquals(3, target.position());
            final BufferTooShortException e = assertThrows(BufferTooShortException.class,
                () -> pair.right.receiveInto(target));
            assertArrayEquals(new byte[] {4, 5, 6, 7}, e.message());
        }
    }

    @Test
    void shouldSendAndReceiveEncodedValues() throws Exception {
        try (WireFixture pair = WireFixture.open()) {
            final FrameBuffer buffer = new FrameBuffer(64);
            final List<Object> values = List.of("text", 42, List.of(1, "two"), new byte[100_000]);
            for (final Object value : values) {
                buffer.reset();
                Codec.standard().encode(value, buffer);
                pair.left.send(buffer);
            }
            assertEquals("text", pair.right.receive(Codec.standard()));
            assertEquals(42, pair.right.receive(Codec.standard()));
            assertEquals(List.of(1, "two"), pair.right.receive(Codec.standard()));
            assertEquals(100_000, ((byte[]) pair.right.receive(Codec.standard())).length);
        }
    }

    @Test
    void shouldEndWithEofWhenThePeerClosesAfterAHugeHeader() throws Exception {
        try (WireFixture wire = WireFixture.open()) {
            final ByteBuffer header = ByteBuffer.allocate(14).putInt(1 << 30).put(new byte[10]).flip();
            while (header.hasRemaining()) {
                wire.left.socket().write(header);
            }
            wire.left.close();
            final EOFException eof = assertThrows(EOFException.class, () -> wire.right.receive());
            assertTrue(eof.getMessage().contains("in the middle of a message"), eof.getMessage());
        }
    }

    @Test
    void shouldNotAllocateWhatAHugeHeaderDeclaresInASmallHeap() throws Exception {
        try (java.nio.channels.ServerSocketChannel listening = Endpoints.bind(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            final int port = ((java.net.InetSocketAddress) listening.getLocalAddress()).getPort();
            try (dev.mproc.Process child = dev.mproc.Process.builder().jvmOptions("-Xmx64m").start(() -> {
                try (FrameChannel channel = Endpoints.connect(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
                    dev.mproc.Processes.authkey())) {
                    channel.receive();
                    throw new AssertionError("a message arrived that was never sent");
                } catch (final EOFException expected) {
                    // The sender closed mid-frame, and the 1 GiB it declared was never allocated.
                }
            })) {
                try (FrameChannel channel = Endpoints.accept(listening, dev.mproc.Processes.authkey())) {
                    assertTrue(channel.isProtected());
                    final ByteBuffer header = ByteBuffer.allocate(1028).putInt(1 << 30).put(new byte[1024]).flip();
                    while (header.hasRemaining()) {
                        channel.socket().write(header);
                    }
                }
                child.join();
                assertEquals(java.util.OptionalInt.of(0), child.exitCode(),
                    "the child must see the end of the stream, not run out of memory");
            }
        }
    }
}
