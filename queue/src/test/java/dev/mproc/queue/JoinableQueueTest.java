package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** JoinableQueue: task counting and join across real child JVMs. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class JoinableQueueTest {

    private static final Duration LONG = Await.HANG;

    @Test
    void shouldJoinOnlyWhenWorkersInOtherProcessesMarkedEveryItemDone() throws Exception {
        final int jobs = 12;
        try (JoinableQueue<Integer> q = JoinableQueue.create(); Queue<Integer> done = Queue.create(100);
             Queue<String> go = Queue.create()) {
            final List<Process> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(Process.start(() -> {
                    while (true) {
                        final int job = q.get();
                        if (job < 0) {
                            q.taskDone();
                            return;
                        }
                        if (job == jobs - 1) {
                            go.get(); // the last job is held until the test has seen join wait for it
                        }
                        done.put(job);
                        q.taskDone();
                    }
                }));
            }
            for (int i = 0; i < jobs; i++) {
                q.put(i);
            }
            final AtomicInteger doneAtJoin = new AtomicInteger(-1);
            final Thread joiner = new Thread(() -> {
                try {
                    q.join();
                    doneAtJoin.set(done.qsize());
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "joiner");
            joiner.start();
            Await.until("every job but the held one done", () -> done.qsize() == jobs - 1);
            assertTrue(joiner.isAlive(), "join returned while a job was held");
            go.put("go");
            joiner.join(LONG.toMillis());
            assertEquals(jobs, doneAtJoin.get(), "join returned before every job was done");
            for (int w = 0; w < 2; w++) {
                q.put(-1);
            }
            q.join();
            for (final Process worker : workers) {
                assertTrue(worker.join(LONG));
                assertEquals(0, worker.exitCode().getAsInt());
                worker.close();
            }
        }
    }

    @Test
    void shouldLetAnAttachedProcessJoinAndCountItsOwnPuts() throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create(); Queue<String> report = Queue.create(10)) {
            try (Process child = Process.start(() -> {
                q.put("from child");
                report.put(q.join(Duration.ofMillis(200)) ? "joined early" : "timed out");
                q.join();
                report.put("joined");
            })) {
                assertEquals("timed out", report.get(LONG));
                assertEquals("from child", q.get(LONG));
                Await.until("the child waits in join", () -> Shared.waiting(q).joins() == 1);
                assertTrue(report.isEmpty(), "the child joined before taskDone");
                q.taskDone();
                assertEquals("joined", report.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    @Test
    void shouldRejectMoreTaskDoneThanPutsInEveryProcess() throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create(); Queue<String> report = Queue.create(10)) {
            assertThrows(IllegalStateException.class, q::taskDone);
            q.put("a");
            q.taskDone();
            assertTrue(q.join(Duration.ZERO));
            try (Process child = Process.start(() -> {
                try {
                    q.taskDone();
                    report.put("accepted");
                } catch (final IllegalStateException e) {
                    report.put(e.getMessage());
                }
            })) {
                final String message = report.get(LONG);
                assertTrue(message.contains("taskDone() called more times") && message.contains(q.name()), message);
                assertTrue(child.join(LONG));
            }
            assertTrue(q.join(Duration.ZERO), "the rejected taskDone left the count at zero");
            q.put("b");
            assertFalse(q.join(Duration.ofMillis(50)), "a new put counts again");
        }
    }

    @Test
    void shouldCrossIntoAChildAsAJoinableQueue() throws Exception {
        try (JoinableQueue<Object> q = JoinableQueue.create(); Queue<String> report = Queue.create(10)) {
            try (Process child = Process.start(() -> report.put(((Object) q).getClass().getSimpleName()))) {
                assertEquals("JoinableQueue", report.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }
}
