package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Queue#shutdown(boolean)} and {@link ShutDown} between real child JVMs: the shutdown cases of CPython 3.13's
 * {@code Lib/test/test_queue.py}, with the threads of each case spread over processes, and the cases Python cannot
 * have (streamed puts racing a shutdown, a producer killed before it).
 */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueShutdownTest {

    private static final Duration LONG = Await.HANG;

    @TempDir
    Path dir;

    /** A call whose outcome a test reports as a string. */
    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    /** @return "ShutDown", "returned <value>", or the simple name of what else the call threw */
    static String outcome(final Call call) {
        try {
            return "returned " + call.call();
        } catch (final ShutDown e) {
            return "ShutDown";
        } catch (final Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** Ports test_shutdown_empty: puts and gets on a queue shut down empty, in the process that shut it and another. */
    @Test
    void testShutdownEmpty() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create()) {
            try (Process child = Process.start(() -> {
                q.shutdown();
                report.put(outcome(() -> {
                    q.put("data");
                    return "data";
                }));
                report.put(outcome(q::get));
            })) {
                assertEquals("ShutDown", report.get(LONG), "put in the process that shut it down");
                assertEquals("ShutDown", report.get(LONG), "get there");
                final ShutDown put = assertThrows(ShutDown.class, () -> q.put("data"));
                assertTrue(put.getMessage().contains(q.name()), put.getMessage());
                assertThrows(ShutDown.class, q::get);
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    /** Ports test_shutdown_nonempty: the item put before the shutdown is got, then get raises. */
    @Test
    void testShutdownNonempty() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create()) {
            try (Process child = Process.start(() -> {
                q.put("data");
                q.shutdown();
                report.put("shut down");
                report.put(outcome(q::get));
                report.put(outcome(q::get));
            })) {
                assertEquals("shut down", report.get(LONG));
                assertEquals("returned data", report.get(LONG));
                assertEquals("ShutDown", report.get(LONG));
                assertThrows(ShutDown.class, q::get);
                assertTrue(child.join(LONG));
            }
        }
    }

    /** Ports test_shutdown_immediate: the items left are discarded, and get raises at once. */
    @Test
    void testShutdownImmediate() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create()) {
            q.put("data");
            q.put("more");
            try (Process child = Process.start(() -> {
                q.shutdown(true);
                report.put(outcome(q::get));
            })) {
                assertEquals("ShutDown", report.get(LONG));
                assertThrows(ShutDown.class, q::get);
                assertEquals(0, q.qsize(), "the items left were discarded");
                assertTrue(child.join(LONG));
            }
        }
    }

    /**
     * Ports test_shutdown_allowed_transitions: open, shut down, shut down immediately, and again; known in every
     * process, also in one that attaches afterwards.
     */
    @Test
    void testShutdownAllowedTransitions() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create()) {
            q.put("left");
            try (Process child = Process.start(() -> {
                report.put("before " + q.isShutdown());
                q.shutdown();
                report.put("after " + q.isShutdown());
            })) {
                assertEquals("before false", report.get(LONG));
                assertEquals("after true", report.get(LONG));
                assertTrue(child.join(LONG));
            }
            assertTrue(q.isShutdown());
            assertEquals(1, q.qsize(), "a plain shutdown keeps the items");
            q.shutdown(true);
            assertTrue(q.isShutdown());
            assertEquals(0, q.qsize(), "shutdown(true) after shutdown() discards what is left");
            q.shutdown(false);
            assertTrue(q.isShutdown());
            assertThrows(ShutDown.class, q::get, "still immediate");
            try (Process late = Process.start(() -> {
                report.put("attached " + q.isShutdown());
                report.put(outcome(() -> q.offer("x")));
            })) {
                assertEquals("attached true", report.get(LONG));
                assertEquals("ShutDown", report.get(LONG));
                assertTrue(late.join(LONG));
            }
        }
    }

    /**
     * Ports test_shutdown_all_methods_in_one_thread and test_shutdown_immediate_all_methods_in_one_thread: every verb,
     * in one thread of a process attached to a bounded joinable queue.
     */
    @ParameterizedTest(name = "immediate {0}")
    @ValueSource(booleans = {false, true})
    void testShutdownAllMethodsInOneThread(final boolean immediate) throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create(2); Queue<ArrayList<String>> report = Queue.create()) {
            try (Process child = Process.start(() -> {
                final ArrayList<String> outcomes = new ArrayList<>();
                q.put("L");
                q.putNowait("O");
                q.shutdown(immediate);
                outcomes.add(outcome(() -> {
                    q.put("E");
                    return "E";
                }));
                outcomes.add(outcome(() -> {
                    q.putNowait("W");
                    return "W";
                }));
                if (immediate) {
                    outcomes.add(outcome(q::get));
                    outcomes.add(outcome(q::getNowait));
                    outcomes.add(outcome(() -> {
                        q.taskDone();
                        return "done";
                    }));
                    outcomes.add(outcome(() -> q.join(LONG)));
                } else {
                    outcomes.add(outcome(q::get));
                    q.taskDone();
                    outcomes.add(outcome(q::get));
                    q.taskDone();
                    outcomes.add(outcome(() -> q.join(LONG)));
                    outcomes.add(outcome(q::get));
                    outcomes.add(outcome(q::getNowait));
                    outcomes.add(outcome(() -> q.get(Duration.ofSeconds(1))));
                }
                report.put(outcomes);
            })) {
                final List<String> expected = immediate
                    ? List.of("ShutDown", "ShutDown", "ShutDown", "ShutDown", "IllegalStateException", "returned true")
                    : List.of("ShutDown", "ShutDown", "returned L", "returned O", "returned true", "ShutDown",
                        "ShutDown", "ShutDown");
                assertEquals(expected, report.get(LONG));
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    /**
     * Ports test_shutdown_get: two items, three getters in another process; two get an item, the third waits on the
     * empty queue, says so, and is woken by the shutdown with ShutDown.
     */
    @Test
    void testShutdownGet() throws Exception {
        try (Queue<String> q = Queue.create(2); Queue<String> report = Queue.create()) {
            q.put("Y");
            q.put("D");
            try (Process child = Process.start(() -> {
                final List<Thread> getters = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    final Thread getter = new Thread(() -> report.add(outcome(q::get)));
                    getter.start();
                    getters.add(getter);
                }
                for (final Thread getter : getters) {
                    getter.join();
                }
            })) {
                final List<String> got = new ArrayList<>(List.of(report.get(LONG), report.get(LONG)));
                got.sort(null);
                assertEquals(List.of("returned D", "returned Y"), got);
                Await.until("the third getter waits in the child", () -> Shared.waiting(q).gets() == 1);
                assertTrue(report.isEmpty(), "the third getter returned before the shutdown");
                q.shutdown();
                assertEquals("ShutDown", report.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    /** Ports test_shutdown_immediate_get: after an immediate shutdown, getters in another process all raise. */
    @Test
    void testShutdownImmediateGet() throws Exception {
        try (Queue<String> q = Queue.create(2); Queue<String> report = Queue.create()) {
            q.put("Y");
            q.put("D");
            q.shutdown(true);
            try (Process child = Process.start(() -> {
                final List<Thread> getters = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    final Thread getter = new Thread(() -> report.add(outcome(q::get)));
                    getter.start();
                    getters.add(getter);
                }
                for (final Thread getter : getters) {
                    getter.join();
                }
            })) {
                assertEquals("ShutDown", report.get(LONG));
                assertEquals("ShutDown", report.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    /**
     * Ports test_shutdown_put and test_shutdown_immediate_put: two putters of another process wait on a full queue,
     * say so, and are woken by the shutdown with ShutDown; a plain shutdown keeps the two items, an immediate one
     * discards them.
     */
    @ParameterizedTest(name = "immediate {0}")
    @ValueSource(booleans = {false, true})
    void testShutdownPut(final boolean immediate) throws Exception {
        try (Queue<String> q = Queue.create(2); Queue<String> report = Queue.create()) {
            q.put("Y");
            q.put("D");
            try (Process child = Process.start(() -> {
                final List<Thread> putters = new ArrayList<>();
                for (final String item : List.of("E", "W")) {
                    final Thread putter = new Thread(() -> report.add(outcome(() -> {
                        q.put(item);
                        return item;
                    })));
                    putter.start();
                    putters.add(putter);
                }
                for (final Thread putter : putters) {
                    putter.join();
                }
            })) {
                Await.until("both putters wait for room in the child", () -> Shared.waiting(q).puts() == 2);
                q.shutdown(immediate);
                assertEquals("ShutDown", report.get(LONG));
                assertEquals("ShutDown", report.get(LONG));
                assertTrue(child.join(LONG));
            }
            if (immediate) {
                assertEquals(0, q.qsize());
            } else {
                assertEquals("Y", q.get(LONG));
                assertEquals("D", q.get(LONG));
            }
            assertThrows(ShutDown.class, q::get);
        }
    }

    /**
     * Ports test_shutdown_put_join and test_shutdown_immediate_put_join: a join waits in another process, which also
     * puts after the shutdown and is refused; the join returns once the item left is done (got and marked done, or
     * discarded by the immediate shutdown).
     */
    @ParameterizedTest(name = "immediate {0}")
    @ValueSource(booleans = {false, true})
    void testShutdownPutJoin(final boolean immediate) throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create(2); Queue<String> report = Queue.create();
             Queue<String> go = Queue.create()) {
            q.put("Y");
            try (Process child = Process.start(() -> {
                final Thread putter = new Thread(() -> {
                    try {
                        go.get();
                    } catch (final InterruptedException e) {
                        return;
                    }
                    report.add("put " + outcome(() -> {
                        q.put("E");
                        return "E";
                    }));
                });
                putter.start();
                q.join();
                report.put("joined");
                putter.join();
            })) {
                Await.until("the child waits in join", () -> Shared.waiting(q).joins() == 1);
                q.shutdown(immediate);
                go.put("go");
                if (immediate) {
                    assertThrows(ShutDown.class, q::getNowait);
                    final List<String> both = new ArrayList<>(List.of(report.get(LONG), report.get(LONG)));
                    both.sort(null);
                    assertEquals(List.of("joined", "put ShutDown"), both, "the discarded item counted as done");
                } else {
                    assertEquals("put ShutDown", report.get(LONG));
                    assertEquals(1, Shared.waiting(q).joins(), "the join waits for the item left");
                    assertEquals("Y", q.get(LONG));
                    q.taskDone();
                    assertEquals("joined", report.get(LONG));
                }
                assertTrue(child.join(LONG));
            }
        }
    }

    /**
     * Ports test_shutdown_get_task_done_join: two joins wait in another process; after a plain shutdown, two getters
     * there still get the two items and mark them done, and both joins return.
     */
    @Test
    void testShutdownGetTaskDoneJoin() throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create(2); Queue<String> report = Queue.create();
             Queue<String> go = Queue.create()) {
            q.put("Y");
            q.put("D");
            try (Process child = Process.start(() -> {
                final List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    threads.add(new Thread(() -> report.add("join " + outcome(() -> q.join(LONG)))));
                    threads.add(new Thread(() -> report.add("get " + outcome(() -> {
                        go.get();
                        final String item = q.get();
                        q.taskDone();
                        return item;
                    }))));
                }
                threads.forEach(Thread::start);
                for (final Thread thread : threads) {
                    thread.join();
                }
            })) {
                Await.until("both joins wait in the child", () -> Shared.waiting(q).joins() == 2);
                q.shutdown();
                go.put("go");
                go.put("go");
                final List<String> outcomes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    outcomes.add(report.get(LONG));
                }
                outcomes.sort(null);
                assertEquals(List.of("get returned D", "get returned Y", "join returned true", "join returned true"),
                    outcomes);
                assertTrue(child.join(LONG));
            }
        }
    }

    /**
     * Ports test_shutdown_pending_get: a get waiting on an empty queue in another process, and one in the owner, are
     * woken by a shutdown and raise.
     */
    @Test
    void testShutdownPendingGet() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create()) {
            final AtomicReference<String> local = new AtomicReference<>();
            final Thread localGetter = new Thread(() -> local.set(outcome(q::get)));
            localGetter.start();
            Await.until("the owner's getter waits", () -> localGetter.getState() == Thread.State.WAITING);
            try (Process child = Process.start(() -> report.put(outcome(q::get)))) {
                Await.until("the child waits in get", () -> Shared.waiting(q).gets() == 1);
                assertTrue(report.isEmpty());
                q.shutdown();
                assertEquals("ShutDown", report.get(LONG));
                assertTrue(child.join(LONG));
            }
            localGetter.join(LONG.toMillis());
            assertEquals("ShutDown", local.get());
        }
    }

    @Test
    void shouldRefuseEveryVerbOnceShutDownRatherThanAnswerNullOrFalse() throws Exception {
        try (Queue<String> q = Queue.create(5)) {
            q.put("a");
            q.put("b");
            q.shutdown();
            assertThrows(ShutDown.class, () -> q.offer("c"));
            assertThrows(ShutDown.class, () -> q.add("c"));
            assertThrows(ShutDown.class, () -> q.put("c", Duration.ZERO));
            final List<String> drained = new ArrayList<>();
            assertEquals(2, q.drainTo(drained), "the items left are drained");
            assertEquals(List.of("a", "b"), drained);
            assertThrows(ShutDown.class, () -> q.drainTo(drained), "a drain with nothing left says it is over");
            assertThrows(ShutDown.class, q::poll);
            assertThrows(ShutDown.class, () -> q.poll(1, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(q.empty());
            assertEquals(0, q.qsize());
        }
    }

    /**
     * Producers stream puts (unbounded queue: no reply per put) while the queue is shut down: every put that returned
     * is got, in each producer's order, before get raises, and none is got that did not return.
     */
    @Test
    void shouldKeepEveryPutThatReturnedBeforeTheShutdownAndNoneThatWasRefused() throws Exception {
        try (Queue<int[]> q = Queue.create(); Queue<int[]> report = Queue.create()) {
            final List<Process> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                final int producer = p;
                producers.add(Process.start(() -> {
                    int returned = 0;
                    try {
                        while (true) {
                            q.put(new int[] {producer, returned});
                            returned++;
                        }
                    } catch (final ShutDown e) {
                        report.put(new int[] {producer, returned});
                    }
                }));
            }
            Await.until("the producers stream", () -> q.qsize() >= 2000);
            q.shutdown();
            final int[] got = new int[2];
            while (true) {
                final int[] item;
                try {
                    item = q.get(LONG);
                } catch (final ShutDown e) {
                    break;
                }
                assertEquals(got[item[0]], item[1], "producer " + item[0] + "'s items in order, none missing");
                got[item[0]]++;
            }
            for (int p = 0; p < 2; p++) {
                final int[] returned = report.get(LONG);
                assertEquals(returned[1], got[returned[0]], "items got of producer " + returned[0]);
            }
            for (final Process producer : producers) {
                assertTrue(producer.join(LONG));
                assertEquals(0, producer.exitCode().getAsInt());
                producer.close();
            }
        }
    }

    @Test
    void shouldKeepThePutsOfAProducerKilledBeforeTheShutdown() throws Exception {
        final String progress = dir.resolve("returned").toString();
        try (Queue<Integer> q = Queue.create()) {
            final Process producer = Process.start(() -> {
                final MappedByteBuffer returned = Shared.counter(Path.of(progress));
                for (int i = 0; ; i++) {
                    q.put(i);
                    returned.putLong(0, i + 1);
                }
            });
            final MappedByteBuffer returned = Shared.counter(Path.of(progress));
            Await.until("the producer streams", () -> returned.getLong(0) >= 5000);
            producer.kill();
            assertTrue(Children.awaitGone(producer.pid(), LONG));
            final long putsReturned = returned.getLong(0);
            q.shutdown();
            int got = 0;
            while (true) {
                final int item;
                try {
                    item = q.get(LONG);
                } catch (final ShutDown e) {
                    break;
                }
                assertEquals(got, item, "in order, none missing");
                got++;
            }
            assertTrue(got >= putsReturned, got + " items got, but " + putsReturned + " puts had returned");
            producer.close();
        }
    }

    @Test
    void shouldTellAQueueItsOwnerClosedFromAShutDownOne() throws Exception {
        final Queue<String> q = Queue.create();
        try (Queue<String> report = Queue.create(); Queue<String> go = Queue.create()) {
            q.shutdown();
            try (Process child = Process.start(() -> {
                report.put(outcome(() -> {
                    q.put("x");
                    return "x";
                }));
                go.get();
                report.put(outcome(q::get));
                report.put(outcome(() -> {
                    q.put("x");
                    return "x";
                }));
            })) {
                assertEquals("ShutDown", report.get(LONG));
                q.close();
                go.put("go");
                assertEquals("QueueGoneException", report.get(LONG), "closed by its owner: gone, not shut down");
                assertEquals("QueueGoneException", report.get(LONG), "a put too, shut down before or not");
                assertTrue(child.join(LONG));
            }
        } finally {
            q.close();
        }
        final IllegalStateException closed = assertThrows(IllegalStateException.class, q::shutdown);
        assertFalse(closed instanceof ShutDown, "closed in the owner, which is not a shutdown");
    }
}
