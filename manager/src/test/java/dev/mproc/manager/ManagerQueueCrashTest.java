package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The manager's queue when a consumer is killed with SIGKILL between receiving an element and acknowledging it. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class ManagerQueueCrashTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldGiveBackTheElementAConsumerKilledAsItReceivedItHadNotAcknowledged() throws Exception {
        final int before = 100;
        final int after = 50;
        final Path signal = dir.resolve("received");
        final Stall stall = new Stall(signal);
        try (Manager manager = Manager.start()) {
            final BlockingQueue<Object> q = manager.queue();
            final List<Integer> received = manager.list();
            for (int i = 0; i < before; i++) {
                q.put(i);
            }
            q.put(stall);
            for (int i = before; i < before + after; i++) {
                q.put(i);
            }
            final Process consumer = Process.start(() -> {
                System.setProperty(Stall.STALL, "true");
                while (true) {
                    received.add((Integer) q.take());
                }
            });
            Children.awaitFile(signal, LONG);
            consumer.kill();
            assertTrue(Children.awaitGone(consumer.pid(), LONG));
            consumer.close();
            // The server notices the dead connection on its own thread: wait until the claimed element is back.
            Await.until("the server gives back the claimed element", () -> q.size() >= after + 1, LONG);
            assertEquals(stall, q.poll(LONG.toSeconds(), TimeUnit.SECONDS),
                "the element the consumer received but had not acknowledged is back at the front");
            final List<Object> left = new ArrayList<>();
            q.drainTo(left);
            final List<Object> all = new ArrayList<>(received);
            all.add(stall);
            all.addAll(left);
            final List<Object> put = new ArrayList<>();
            for (int i = 0; i < before; i++) {
                put.add(i);
            }
            put.add(stall);
            for (int i = before; i < before + after; i++) {
                put.add(i);
            }
            assertEquals(put, all, "every element was reported received before the kill, or is still in the queue");
        }
    }
}
