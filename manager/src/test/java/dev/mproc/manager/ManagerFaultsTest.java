package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AuthenticationException;
import dev.mproc.Process;
import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.manager.internal.Protocol;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.Tripwire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the server does when clients misbehave or die: kill -9 of clients, unauthenticated peers. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class ManagerFaultsTest {

    @TempDir
    Path dir;

    @Test
    void shouldRejectUnauthenticatedPeersBeforeDeserializingAnythingAndKeepServing() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> d = manager.dict();
            final Path marker = dir.resolve("tripwire");
            final ByteArrayOutputStream payload = new ByteArrayOutputStream();
            Codec.standard().encode(new Tripwire(marker), payload);

            // A peer that skips the handshake and sends an object at once.
            try (SocketChannel raw = SocketChannel.open(manager.address().socketAddress())) {
                final ByteBuffer frame = ByteBuffer.allocate(4 + payload.size());
                frame.putInt(payload.size()).put(payload.toByteArray()).flip();
                while (frame.hasRemaining()) {
                    raw.write(frame);
                }
                final ByteBuffer sink = ByteBuffer.allocate(4096);
                while (raw.read(sink.clear()) >= 0) {
                    // Read the challenge and whatever follows until the server hangs up.
                }
            }
            // A peer with the wrong key.
            assertThrows(AuthenticationException.class,
                () -> Endpoints.connect(manager.address().socketAddress(), "wrong".getBytes()));
            assertThrows(AuthenticationException.class, () -> Manager.connect(manager.address(), "wrong".getBytes()));

            d.put("still", 1);
            assertEquals(1, d.get("still"));
            assertFalse(Files.exists(marker), "the server deserialized a payload from an unauthenticated peer");
        }
    }

    @Test
    void shouldRefuseAnAuthenticatedPeerWhoseHelloIsNotAHelloWithoutDecodingIt() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> d = manager.dict();
            final Path marker = dir.resolve("tripwire");
            final ByteArrayOutputStream payload = new ByteArrayOutputStream();
            Codec.standard().encode(new Tripwire(marker), payload);
            try (FrameChannel peer = Endpoints.connect(manager.address().socketAddress(),
                dev.mproc.Processes.authkey())) {
                peer.send(payload.toByteArray(), 0, payload.size());
                assertThrows(java.io.EOFException.class, peer::receive, "the server hangs up");
            }
            d.put("still", 1);
            assertEquals(1, d.get("still"));
            assertFalse(Files.exists(marker), "the server deserialized a hello before validating it");
        }
    }

    @Test
    void shouldFindTheObjectAndMethodOfARequestBeforeDecodingItsArguments() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> d = manager.dict();
            final Path marker = dir.resolve("tripwire");
            try (FrameChannel peer = Endpoints.connect(manager.address().socketAddress(),
                dev.mproc.Processes.authkey())) {
                final dev.mproc.internal.wire.FrameBuffer out = new dev.mproc.internal.wire.FrameBuffer(1024);
                Codec.standard().encode("mproc-manager " + Protocol.VERSION + " a-raw-client 1", out);
                peer.send(out);
                peer.receive();
                // An authenticated client names an object this manager does not have, with an argument that trips.
                Protocol.writeRequest(out, Codec.standard(), Long.MAX_VALUE, 0, 1,
                    new Object[] {new Tripwire(marker)});
                peer.send(out);
                assertEquals(Protocol.THREW, peer.receive()[0], "the request fails: no such object");
            }
            d.put("still", 1);
            assertEquals(1, d.get("still"));
            assertFalse(Files.exists(marker), "the server decoded the arguments of a request for no object");
        }
    }

    @Test
    void shouldFilterWhatTheManagersChildJvmDecodesAsTheParentSays() throws Exception {
        System.setProperty("mproc.serialFilter",
            "java.base/*;dev.mproc.*;dev.mproc.manager.internal.*;!*");
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Object> d = manager.dict();
            final Path marker = dir.resolve("tripwire");
            final Exception refused = assertThrows(Exception.class, () -> d.put("k", new Tripwire(marker)));
            assertTrue(chain(refused).contains("mproc.serialFilter") && chain(refused).contains("Tripwire"),
                chain(refused));
            assertFalse(Files.exists(marker), "the manager's JVM deserialized a class outside the allow-list");
            d.put("fine", 1);
            assertEquals(1, d.get("fine"), "the connection goes on");
        } finally {
            System.clearProperty("mproc.serialFilter");
        }
    }

    private static String chain(final Throwable failure) {
        final StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append(" / ");
        }
        return messages.toString();
    }

    @Test
    void shouldNotLoseAnElementToAConsumerKilledWhileItWaits() throws Exception {
        try (Manager manager = Manager.start()) {
            final BlockingQueue<String> q = manager.queue();
            final ConcurrentMap<String, String> d = manager.dict();
            final Process consumer = Process.start(() -> d.put("took", q.take()));
            Await.until("the consumer waits in take", () -> manager.waitingCalls() == 1);
            consumer.kill();
            consumer.join();
            consumer.close();
            // The consumer's connection is closed now: the take wakes for the put, sees it, and leaves the element.
            q.put("precious");
            assertEquals("precious", q.poll(Await.HANG.toSeconds(), TimeUnit.SECONDS));
            assertNull(d.get("took"));
            assertEquals(0, q.size());
        }
    }

    @Test
    void shouldReleaseALockHeldByAClientKilledWhileHoldingIt() throws Exception {
        try (Manager manager = Manager.start()) {
            final Lock lock = manager.lock();
            final Path holding = dir.resolve("holding");
            final String holdingName = holding.toString();
            final Process holder = Process.start(() -> {
                lock.lock();
                Files.writeString(Path.of(holdingName), "held");
                Await.untilKilled();
            });
            Children.awaitFile(holding, Await.HANG);
            assertFalse(lock.tryLock());
            holder.kill();
            holder.join();
            holder.close();
            assertTrue(lock.tryLock(Await.HANG.toSeconds(), TimeUnit.SECONDS),
                "the dead holder's lock was not released");
            lock.unlock();
        }
    }

    @Test
    void shouldKeepServingOtherClientsWhenOneDiesMidCall() throws Exception {
        try (Manager manager = Manager.start()) {
            final List<Integer> l = manager.list();
            // Held by the writer until the server ends its session, which comes after every request it had read.
            final Lock session = manager.lock();
            final Path started = dir.resolve("started");
            final String startedName = started.toString();
            final Process writer = Process.start(() -> {
                session.lock();
                Files.writeString(Path.of(startedName), "writing");
                for (int i = 0; ; i++) {
                    l.add(i);
                }
            });
            final Process other = Process.start(() -> {
                for (int i = 0; i < 200; i++) {
                    l.add(-1);
                }
            });
            Children.awaitFile(started, Await.HANG);
            writer.kill();
            writer.join();
            other.join();
            assertEquals(0, other.exitCode().getAsInt());
            writer.close();
            other.close();
            // The writer's last add, sent before the kill, may still be applied after its process is gone: the list
            // is looked at once the server has ended the writer's session (and with it the writer's connections).
            assertTrue(session.tryLock(Await.HANG.toSeconds(), TimeUnit.SECONDS), "the writer's session ended");
            session.unlock();
            final List<Integer> seen = List.copyOf(l);
            assertEquals(200, seen.stream().filter(i -> i == -1).count());
            final List<Integer> mine = seen.stream().filter(i -> i >= 0).collect(java.util.stream.Collectors.toList());
            for (int i = 0; i < mine.size(); i++) {
                assertEquals(i, mine.get(i), "the killed writer's additions are whole and in order");
            }
            l.add(7);
            assertEquals(7, l.get(l.size() - 1));
        }
    }

    @Test
    void shouldFreeObjectsThatOnlyADeadClientReferenced() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> kept = manager.dict();
            final int before = manager.objectCount();
            final Path made = dir.resolve("made");
            final String madeName = made.toString();
            final dev.mproc.Address address = manager.address();
            final Process child = Process.start(() -> {
                kept.put("child", 1);
                final Manager again = Manager.connect(address, dev.mproc.Processes.authkey());
                again.dict();
                again.list();
                again.lock();
                Files.writeString(Path.of(madeName), "made");
                Await.untilKilled();
            });
            Children.awaitFile(made, Await.HANG);
            assertEquals(before + 3, manager.objectCount());
            child.kill();
            child.join();
            child.close();
            Await.until("the dead child's objects freed", () -> manager.objectCount() == before);
            assertEquals(1, kept.get("child"), "an object the parent references survives the child");
        }
    }
}
