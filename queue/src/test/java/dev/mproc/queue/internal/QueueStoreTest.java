package dev.mproc.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.internal.Codec;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.queue.Empty;
import dev.mproc.queue.Queue;
import dev.mproc.queue.Shared;
import dev.mproc.queue.ShutDown;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's bookkeeping, driven at the protocol level by a child that speaks the queue's messages itself, so that
 * it can die at exactly the moment under test.
 */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueStoreTest {

    private static final Duration LONG = Await.HANG;

    @TempDir
    Path dir;

    /** In a test client process: connects to the queue's owner as a client would and greets it. */
    static FrameChannel greeted(final String socket) throws java.io.IOException {
        final FrameChannel channel = Endpoints.connect(UnixDomainSocketAddress.of(socket), ProcessContext.authkey());
        greet(channel);
        return channel;
    }

    static void greet(final FrameChannel channel) throws java.io.IOException {
        channel.send(QueueProtocol.hello(), 0, QueueProtocol.HEADER_LENGTH);
        final byte[] answer = channel.receive();
        if (QueueProtocol.op(answer) != QueueProtocol.HELLO
            || QueueProtocol.argument(answer) != QueueProtocol.VERSION) {
            throw new AssertionError("the owner answered the greeting with " + QueueProtocol.name(answer[0]));
        }
    }

    @Test
    void shouldPutBackAtTheFrontAnItemWhoseConsumerDiedBeforeAcknowledging() throws Exception {
        final Path received = dir.resolve("received");
        final String receivedPath = received.toString();
        try (Queue<String> q = Queue.create()) {
            final String socket = RuntimeDirectory.path().resolve(q.name() + ".sock").toString();
            q.put("first");
            q.put("second");
            final Process consumer = Process.start(() -> {
                final FrameChannel channel = greeted(socket);
                channel.send(QueueProtocol.control(QueueProtocol.GET, 1, QueueProtocol.FOREVER), 0,
                    QueueProtocol.HEADER_LENGTH);
                final byte[] item = channel.receive();
                try (FileChannel out = FileChannel.open(Path.of(receivedPath), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(new byte[] {QueueProtocol.op(item)}));
                }
                Await.untilKilled();
            });
            Children.awaitFile(received, LONG);
            assertEquals(QueueProtocol.ITEM, Files.readAllBytes(received)[0]);
            assertEquals(1, q.qsize(), "the item is in flight, no longer stored");
            consumer.kill();
            assertTrue(Children.awaitGone(consumer.pid(), LONG));
            // The owner learns of the death from the connection's end, a moment after the process is gone.
            Await.until("the owner takes the item back", () -> q.qsize() == 2);
            assertEquals("first", q.get(LONG), "the unacknowledged item comes back first");
            assertEquals("second", q.get(LONG));
            consumer.close();
        }
    }

    @Test
    void shouldForgetAnAcknowledgedItemWhenItsConsumerLeaves() throws Exception {
        try (Queue<String> q = Queue.create()) {
            final String socket = RuntimeDirectory.path().resolve(q.name() + ".sock").toString();
            q.put("only");
            try (Process consumer = Process.start(() -> {
                try (FrameChannel channel = greeted(socket)) {
                    channel.send(QueueProtocol.control(QueueProtocol.GET, 7, QueueProtocol.FOREVER), 0,
                        QueueProtocol.HEADER_LENGTH);
                    final byte[] item = channel.receive();
                    channel.send(QueueProtocol.control(QueueProtocol.ACK, QueueProtocol.id(item), 0), 0,
                        QueueProtocol.HEADER_LENGTH);
                }
            })) {
                assertTrue(consumer.join(LONG));
                assertEquals(0, consumer.exitCode().getAsInt());
            }
            // Until the owner has read the acknowledgement and the connection's end, nothing could come back yet, and
            // a short wait for it would pass whether or not the acknowledgement was kept.
            Await.until("the owner has ended the consumer's connection", () -> Shared.connections(q) == 0);
            assertEquals(null, q.poll(), "acknowledged: the item does not come back when its consumer leaves");
        }
    }

    /**
     * After a plain shutdown, a get that finds the queue empty while an item is on its way to another consumer does not
     * say the queue is over: that consumer is killed before acknowledging, the item comes back and is got, and only
     * then does get raise.
     */
    @Test
    void shouldNotCallAShutDownQueueOverWhileAnItemIsInFlight() throws Exception {
        final Path received = dir.resolve("received");
        final String receivedPath = received.toString();
        try (Queue<String> q = Queue.create()) {
            final String socket = RuntimeDirectory.path().resolve(q.name() + ".sock").toString();
            q.put("first");
            q.put("second");
            final Process consumer = Process.start(() -> {
                final FrameChannel channel = greeted(socket);
                channel.send(QueueProtocol.control(QueueProtocol.GET, 1, QueueProtocol.FOREVER), 0,
                    QueueProtocol.HEADER_LENGTH);
                final byte[] item = channel.receive();
                Files.writeString(Path.of(receivedPath), QueueProtocol.name(QueueProtocol.op(item)));
                final byte[] notice = channel.receive();
                if (QueueProtocol.op(notice) == QueueProtocol.SHUTTING_DOWN) {
                    // Acknowledged, so that shutdown() returns; the item stays unacknowledged.
                    channel.send(QueueProtocol.control(QueueProtocol.SHUTDOWN_SEEN, 0, 0), 0,
                        QueueProtocol.HEADER_LENGTH);
                }
                Await.untilKilled();
            });
            assertEquals("ITEM", Children.awaitFile(received, LONG));
            q.shutdown();
            assertEquals("second", q.get(LONG), "what is stored is got after a plain shutdown");
            assertThrows(Empty.class, () -> q.get(Duration.ofMillis(100)), "not ShutDown: an item is in flight");
            assertThrows(Empty.class, q::getNowait);
            consumer.kill();
            assertTrue(Children.awaitGone(consumer.pid(), LONG));
            assertEquals("first", q.get(LONG), "the item of the killed consumer came back");
            assertThrows(ShutDown.class, q::get);
            consumer.close();
        }
    }

    /**
     * A process that has not yet seen the shutdown notice may still stream a put: the owner keeps it, and until that
     * process acknowledges, a get on the empty queue finds it empty rather than shut down, and shutdown() waits.
     */
    @Test
    void shouldKeepAStreamedPutSentBeforeTheProcessAcknowledgedTheShutdown() throws Exception {
        final Path greeted = dir.resolve("greeted");
        final Path go = dir.resolve("go");
        final String greetedPath = greeted.toString();
        final String goPath = go.toString();
        try (Queue<String> q = Queue.create()) {
            final String socket = RuntimeDirectory.path().resolve(q.name() + ".sock").toString();
            try (Process producer = Process.start(() -> {
                final FrameChannel channel = greeted(socket);
                Files.writeString(Path.of(greetedPath), "yes");
                Children.awaitFile(Path.of(goPath), Await.HANG);
                final ByteArrayOutputStream put = new ByteArrayOutputStream();
                put.write(QueueProtocol.control(QueueProtocol.PUT, 0, 0));
                Codec.standard().encode("late", put);
                channel.send(put.toByteArray(), 0, put.size());
                final byte[] notice = channel.receive();
                if (QueueProtocol.op(notice) == QueueProtocol.SHUTTING_DOWN) {
                    channel.send(QueueProtocol.control(QueueProtocol.SHUTDOWN_SEEN, 0, 0), 0,
                        QueueProtocol.HEADER_LENGTH);
                }
                channel.close();
            })) {
                Children.awaitFile(greeted, LONG);
                final Thread shutter = new Thread(q::shutdown, "shutter");
                shutter.start();
                Await.until("the owner is shut down", q::isShutdown);
                assertThrows(Empty.class, q::getNowait, "not ShutDown: a process has not acknowledged yet");
                assertThrows(ShutDown.class, () -> q.put("refused"), "the owner refuses puts at once");
                assertTrue(shutter.isAlive(), "shutdown() waits for the process to acknowledge");
                Files.writeString(go, "go");
                shutter.join(LONG.toMillis());
                assertFalse(shutter.isAlive());
                assertEquals("late", q.get(LONG), "the put streamed before the acknowledgement is kept");
                assertThrows(ShutDown.class, q::get);
                assertTrue(producer.join(LONG));
                assertEquals(0, producer.exitCode().getAsInt());
            }
        }
    }
}
