package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Address;
import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython's {@code _TestRemoteManager}: a manager on a TCP port that every process reaches by address and key, and
 * a registered callable that hands every client the same queue; and the call modes of a registered type.
 */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class RemoteManagerTest {

    /** CPython's {@code _TestRemoteManager.values}: text in several scripts, nothing, a boolean, a float, bytes. */
    private static final List<Object> VALUES = Arrays.asList("hello world", null, true, 2.25, "hallå världen",
        "привіт світ", "hallå världen".getBytes(StandardCharsets.ISO_8859_1));

    @TempDir
    Path dir;

    // Ports test_remote, with the consumer blocked in get() before the producers put (Python's own pattern).
    @Test
    void testRemote() throws Exception {
        final byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        final String key = HexFormat.of().formatHex(random);
        final Path portFile = dir.resolve("port");
        final java.lang.Process server = Children.launchJvm(dir, RemoteServerMain.class, portFile.toString(), key);
        try {
            final Address address = Address.tcp("127.0.0.1",
                Integer.parseInt(Children.awaitFile(portFile, Await.HANG)));
            final byte[] authkey = key.getBytes(StandardCharsets.UTF_8);
            try (Manager manager = Manager.connect(address, authkey)) {
                // QueueManager.register('get_queue', callable=get_queue): every create returns the server's one queue.
                manager.register(SharedQueue.class, SharedQueue::one);
                final List<Object> received = manager.list();
                final Process consumer = Process.start(() -> {
                    try (Manager own = Manager.connect(address, authkey)) {
                        final SharedQueue queue = own.create(SharedQueue.class);
                        received.add(queue.get());
                        received.add(queue.get());
                    }
                });
                final SharedQueue queue = manager.create(SharedQueue.class);
                // Asked while the consumer's get() blocks on the same object: one call at a time would never answer.
                Await.until("the consumer waits in get()", () -> queue.waitingGetters() == 1);
                final List<Process> producers = new ArrayList<>();
                for (final Object item : List.of(new ArrayList<>(VALUES), "from the second producer")) {
                    producers.add(Process.start(() -> {
                        try (Manager own = Manager.connect(address, authkey)) {
                            own.create(SharedQueue.class).put(item);
                        }
                    }));
                }
                for (final Process producer : producers) {
                    producer.join();
                    assertEquals(0, producer.exitCode().getAsInt(), "a producer failed; see its stderr");
                    producer.close();
                }
                consumer.join();
                assertEquals(0, consumer.exitCode().getAsInt(), "the consumer failed; see its stderr");
                consumer.close();
                assertEquals(2, received.size());
                final List<Object> fromFirst = new ArrayList<>();
                for (final Object item : received) {
                    if (item instanceof List) {
                        fromFirst.addAll((List<?>) item);
                    } else {
                        assertEquals("from the second producer", item);
                    }
                }
                assertEquals(VALUES.subList(0, 6), fromFirst.subList(0, 6));
                assertTrue(Arrays.equals((byte[]) VALUES.get(6), (byte[]) fromFirst.get(6)));
                // Python's put(time.sleep) fails to serialize; an object that cannot cross fails here, nothing sent.
                assertThrows(IllegalArgumentException.class, () -> queue.put(new Object()));
                assertEquals(0, queue.waitingGetters());
                manager.shutdown();
            }
            assertEquals(0, Children.awaitExit(server, Await.HANG), Files.readString(dir.resolve("stderr.txt")));
        } finally {
            server.destroyForcibly();
        }
    }

    // The default (CallMode.CONCURRENT, as Python): a call looks in while another waits inside the same object.
    @Test
    void registeredObjectShouldAnswerWhileAnotherCallWaitsInIt() throws Exception {
        try (Manager manager = Manager.start()) {
            assertThrows(NullPointerException.class, () -> manager.register(Turnstile.class, Turnstile.Impl::new,
                null));
            manager.register(Turnstile.class, Turnstile.Impl::new);
            final Turnstile turnstile = manager.create(Turnstile.class);
            final EventProxy release = manager.event();
            final Process holder = Process.start(() -> turnstile.hold(release));
            Await.until("the holder waits inside the object", () -> manager.waitingCalls() == 1);
            assertEquals(0, turnstile.finishedHolds());
            release.set();
            holder.join();
            assertEquals(0, holder.exitCode().getAsInt());
            holder.close();
            assertEquals(1, turnstile.finishedHolds());
        }
    }

    // CallMode.SERIALIZED: the second call waits for its turn, then sees the first one finished.
    @Test
    void serializedObjectShouldRunOneCallAtATime() throws Exception {
        try (Manager manager = Manager.start()) {
            manager.register(Turnstile.class, Turnstile.Impl::new, CallMode.SERIALIZED);
            final Turnstile turnstile = manager.create(Turnstile.class);
            final EventProxy release = manager.event();
            final Process holder = Process.start(() -> turnstile.hold(release));
            Await.until("the holder waits inside the object", () -> manager.waitingCalls() == 1);
            final ValueProxy<Integer> seen = manager.value(-1);
            final Process looker = Process.start(() -> seen.set(turnstile.finishedHolds()));
            Await.until("the looker waits for its turn", () -> manager.waitingCalls() == 2);
            assertEquals(-1, seen.get());
            release.set();
            for (final Process child : List.of(holder, looker)) {
                child.join();
                assertEquals(0, child.exitCode().getAsInt());
                child.close();
            }
            assertEquals(1, seen.get(), "the looker's call ran after the hold had finished");
        }
    }

    // A call waiting for its turn whose process is killed is abandoned: the turn passes on, nobody hangs.
    @Test
    void serializedCallOfAKilledProcessShouldGiveUpItsTurn() throws Exception {
        try (Manager manager = Manager.start()) {
            manager.register(Turnstile.class, Turnstile.Impl::new, CallMode.SERIALIZED);
            final Turnstile turnstile = manager.create(Turnstile.class);
            final EventProxy release = manager.event();
            final Process holder = Process.start(() -> turnstile.hold(release));
            Await.until("the holder waits inside the object", () -> manager.waitingCalls() == 1);
            final Process victim = Process.start(() -> turnstile.finishedHolds());
            Await.until("the victim waits for its turn", () -> manager.waitingCalls() == 2);
            victim.kill();
            victim.join();
            victim.close();
            Await.until("the victim's call is abandoned", () -> manager.waitingCalls() == 1);
            release.set();
            holder.join();
            assertEquals(0, holder.exitCode().getAsInt());
            holder.close();
            assertEquals(1, turnstile.finishedHolds());
        }
    }

    // The death case of the pattern: a consumer killed while blocked in a registered queue's get() takes nothing;
    // its server thread is interrupted, and the next get receives the item.
    @Test
    void consumerKilledInARegisteredGetShouldTakeNothing() throws Exception {
        try (Manager manager = Manager.start()) {
            manager.register(SharedQueue.class, SharedQueue::one);
            final SharedQueue queue = manager.create(SharedQueue.class);
            final Process consumer = Process.start(() -> queue.get());
            Await.until("the consumer waits in get()", () -> queue.waitingGetters() == 1);
            consumer.kill();
            consumer.join();
            consumer.close();
            Await.until("the dead consumer's get() gave up", () -> queue.waitingGetters() == 0);
            queue.put("kept");
            assertEquals("kept", queue.get());
        }
    }
}
