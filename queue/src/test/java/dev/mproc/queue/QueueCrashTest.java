package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.ProcessGoneException;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Queue when a producer, a consumer or the owner is killed with SIGKILL. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueCrashTest {

    private static final Duration LONG = Await.HANG;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "maxsize {0}")
    @ValueSource(ints = {0, 100})
    void shouldKeepEveryReturnedPutWhenTheProducerIsKilled(final int maxsize) throws Exception {
        final String progress = dir.resolve("returned").toString();
        try (Queue<Integer> q = Queue.create(maxsize)) {
            final Process producer = Process.start(() -> {
                final MappedByteBuffer returned = Shared.counter(Path.of(progress));
                for (int i = 0; ; i++) {
                    q.put(i);
                    returned.putLong(0, i + 1);
                }
            });
            final MappedByteBuffer returned = Shared.counter(Path.of(progress));
            final List<Integer> got = new ArrayList<>();
            while (returned.getLong(0) < 5000) {
                final Integer item = q.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (item != null) {
                    got.add(item);
                }
            }
            producer.kill();
            assertTrue(Children.awaitGone(producer.pid(), LONG));
            final long putsReturned = returned.getLong(0);
            // Streamed puts that returned may still be in the owner's socket: the drain below stops at the first
            // second without an item, so it starts once the owner has read the dead producer's connection to its end.
            Await.until("the owner has read all the killed producer sent", () -> Shared.connections(q) == 0);
            while (true) {
                final Integer item = q.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (item == null) {
                    break;
                }
                got.add(item);
            }
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, got.get(i), "items arrive once each, in order, with no gap");
            }
            assertTrue(got.size() >= putsReturned, got.size() + " items got, but " + putsReturned
                + " puts had returned before the kill");
            producer.close();
        }
    }

    @Test
    void shouldGiveBackTheItemOfAConsumerKilledWhileWaiting() throws Exception {
        try (Queue<String> q = Queue.create()) {
            final Process consumer = Process.start(q::get);
            Await.until("the consumer waits in get", () -> Shared.waiting(q).gets() == 1);
            consumer.kill();
            q.put("item");
            assertEquals("item", q.get(LONG), "the item handed to the dead consumer comes back");
            assertTrue(Children.awaitGone(consumer.pid(), LONG));
            consumer.close();
        }
    }

    @Test
    void shouldLoseNothingWhenAConsumerIsKilledInTheMiddleOfAStream() throws Exception {
        final int count = 100_000;
        final String progress = dir.resolve("got").toString();
        try (Queue<Integer> q = Queue.create()) {
            for (int i = 0; i < count; i++) {
                q.put(i);
            }
            final Process consumer = Process.start(() -> {
                final MappedByteBuffer got = Shared.counter(Path.of(progress));
                while (true) {
                    got.putLong(0, q.get() + 1);
                }
            });
            final MappedByteBuffer got = Shared.counter(Path.of(progress));
            Await.until("the consumer is in the middle of the stream", () -> got.getLong(0) >= 5000);
            consumer.kill();
            assertTrue(Children.awaitGone(consumer.pid(), LONG));
            // The owner learns of the death on its own thread; until then what the consumer had claimed is not back.
            Await.until("the owner has given back the killed consumer's claims", () -> Shared.connections(q) == 0);
            final long recorded = got.getLong(0);
            // Only the one item whose get had returned, but not yet been recorded, may be missing.
            final int first = q.get(LONG);
            assertTrue(first == recorded || first == recorded + 1, "first left " + first + ", consumer recorded "
                + recorded);
            for (int i = first + 1; i < count; i++) {
                assertEquals(i, q.get(LONG));
            }
            assertEquals(null, q.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS));
            consumer.close();
        }
    }

    @Test
    void shouldFailWithQueueGoneNamingTheQueueWhenTheOwnerIsKilled() throws Exception {
        final Path handle = dir.resolve("handle");
        final String handlePath = handle.toString();
        final Path parked = dir.resolve("parked");
        final String parkedPath = parked.toString();
        final Process owner = Process.start(() -> {
            final Queue<String> q = Queue.create();
            q.put("hello");
            Shared.writeHandle(q, Path.of(handlePath));
            // The owner tells when the test's get is parked here, so the kill finds it waiting.
            Await.until("the test waits in get", () -> Shared.waiting(q).gets() == 1);
            Files.writeString(Path.of(parkedPath), "yes");
            Await.untilKilled();
        });
        try {
            @SuppressWarnings("unchecked")
            final Queue<String> q = (Queue<String>) Shared.readHandle(handle, LONG);
            assertEquals("hello", q.get(LONG));
            final Thread killer = new Thread(() -> {
                try {
                    Children.awaitFile(parked, LONG);
                } catch (final Exception e) {
                    return;
                }
                owner.kill();
            });
            killer.start();
            final long start = System.nanoTime();
            final QueueGoneException gone = assertThrows(QueueGoneException.class, q::get);
            assertTrue(System.nanoTime() - start < LONG.toNanos());
            assertTrue(gone.getMessage().contains(q.name()), gone.getMessage());
            assertTrue(gone.getMessage().contains("process " + owner.pid() + ", has ended"), gone.getMessage());
            // Caught as the family of "the other process is gone", as a caller that handles every module alike does.
            final ProcessGoneException family = assertThrows(ProcessGoneException.class, () -> q.put("more"));
            assertInstanceOf(QueueGoneException.class, family);
            assertThrows(QueueGoneException.class, q::qsize);
            q.close();
            killer.join();
        } finally {
            owner.close();
            assertTrue(Children.awaitGone(owner.pid(), LONG));
            RuntimeDirectory.files().sweep();
        }
    }

    @Test
    void shouldFailWaitingProcessesWhenTheOwnerClosesTheQueue() throws Exception {
        final Queue<String> q = Queue.create();
        try (Queue<String> report = Queue.create()) {
            try (Process child = Process.start(() -> {
                report.put("waiting");
                try {
                    q.get();
                    report.put("got an item");
                } catch (final QueueGoneException e) {
                    report.put(e.getMessage());
                }
            })) {
                assertEquals("waiting", report.get(LONG));
                Await.until("the child waits in get", () -> Shared.waiting(q).gets() == 1);
                q.close();
                final String message = report.get(LONG);
                assertTrue(message.contains(q.name()) && message.contains("closed it"), message);
                assertTrue(child.join(LONG));
            }
        } finally {
            q.close();
        }
    }
}
