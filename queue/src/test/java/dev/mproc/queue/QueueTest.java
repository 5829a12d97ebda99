package dev.mproc.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Queue between real child JVMs: crossing, order, exactly-once delivery, bounds, timeouts, bad items. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class QueueTest {

    private static final Duration LONG = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldCarryAListWithNullFromChildToParent() throws Exception {
        try (Queue<List<Object>> q = Queue.create()) {
            try (Process child = Process.start(() -> q.put(Arrays.asList(42, null, "hello")))) {
                assertEquals(Arrays.asList(42, null, "hello"), q.get(LONG));
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    @Test
    void shouldWorkInPoolWorkersBothWays() throws Exception {
        try (Queue<Integer> tasks = Queue.create(); Queue<Long> results = Queue.create();
             dev.mproc.Pool pool = dev.mproc.Pool.create(2)) {
            for (int i = 1; i <= 10; i++) {
                tasks.put(i);
            }
            // Each worker takes from one queue and puts into the other; the queues crossed as task captures.
            final List<Long> pids = pool.map(n -> {
                final Integer task = tasks.get(Await.HANG);
                results.put((long) task * task);
                return ProcessHandle.current().pid();
            }, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 1);
            assertFalse(pids.contains(ProcessHandle.current().pid()), "the work ran in worker processes");
            final List<Long> squares = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                squares.add(results.get(LONG));
            }
            squares.sort(null);
            assertEquals(List.of(1L, 4L, 9L, 16L, 25L, 36L, 49L, 64L, 81L, 100L), squares);
            assertTrue(tasks.empty());
        }
    }

    @Test
    void shouldWakeChildBlockedInGetWhenParentPuts() throws Exception {
        try (Queue<String> requests = Queue.create(); Queue<String> replies = Queue.create()) {
            try (Process child = Process.start(() -> {
                for (int i = 0; i < 3; i++) {
                    replies.put("echo " + requests.get());
                }
            })) {
                for (final String word : List.of("a", "b", "c")) {
                    Await.until("the child waits in get", () -> Shared.waiting(requests).gets() == 1);
                    requests.put(word);
                    assertEquals("echo " + word, replies.get(LONG));
                }
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    @Test
    void shouldDeliverEveryItemExactlyOnceInEachProducersOrder() throws Exception {
        final int producers = 3;
        final int consumers = 2;
        final int perProducer = 2000;
        try (Queue<int[]> q = Queue.create(); Queue<ArrayList<int[]>> results = Queue.create()) {
            final List<Process> children = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int producer = p;
                children.add(Process.start(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        q.put(new int[] {producer, i});
                    }
                }));
            }
            for (int c = 0; c < consumers; c++) {
                children.add(Process.start(() -> {
                    // Attached (qsize asks the owner), then says so with an empty list: see the wait below.
                    q.qsize();
                    results.put(new ArrayList<>());
                    final ArrayList<int[]> got = new ArrayList<>();
                    while (true) {
                        final int[] item = q.get();
                        if (item[0] < 0) {
                            break;
                        }
                        got.add(item);
                    }
                    results.put(got);
                }));
            }
            final List<int[]> mine = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                mine.add(q.get(LONG));
            }
            for (final Process producer : children.subList(0, producers)) {
                assertTrue(producer.join(LONG));
            }
            for (int c = 0; c < consumers; c++) {
                assertEquals(List.of(), results.get(LONG), "a consumer's greeting");
            }
            // A producer's streamed puts may still be in the owner's socket after it exited: the end markers go in
            // once the owner has read every producer's connection to its end, so that no item comes after them.
            Await.until("the owner has read all the producers sent", () -> Shared.connections(q) == consumers);
            for (int c = 0; c < consumers; c++) {
                q.put(new int[] {-1, -1});
            }
            final List<List<int[]>> all = new ArrayList<>(List.of(mine));
            for (int c = 0; c < consumers; c++) {
                all.add(results.get(LONG));
            }
            final boolean[][] seen = new boolean[producers][perProducer];
            int total = 0;
            for (final List<int[]> consumed : all) {
                final int[] last = new int[producers];
                Arrays.fill(last, -1);
                for (final int[] item : consumed) {
                    assertFalse(seen[item[0]][item[1]], "delivered twice: " + Arrays.toString(item));
                    seen[item[0]][item[1]] = true;
                    assertTrue(item[1] > last[item[0]], "out of order: " + Arrays.toString(item));
                    last[item[0]] = item[1];
                    total++;
                }
            }
            assertEquals(producers * perProducer, total);
            for (final Process child : children) {
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    @Test
    void shouldLetAProducerExitAndBeJoinedWithItemsStillQueued() throws Exception {
        final int count = 20_000;
        try (Queue<byte[]> q = Queue.create()) {
            try (Process child = Process.start(() -> {
                for (int i = 0; i < count; i++) {
                    q.put(new byte[1000]);
                }
            })) {
                assertTrue(child.join(LONG), "the producer must end without anyone draining the queue");
                for (int i = 0; i < count; i++) {
                    assertEquals(1000, q.get(LONG).length);
                }
                assertNull(q.poll());
            }
        }
    }

    @Test
    void shouldBoundTheQueueAcrossProducers() throws Exception {
        try (Queue<Integer> q = Queue.create(5)) {
            final List<Process> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                producers.add(Process.start(() -> {
                    for (int i = 0; i < 10; i++) {
                        q.put(i);
                    }
                }));
            }
            Await.until("both producers wait for room", () -> Shared.waiting(q).puts() == 2);
            assertEquals(5, q.qsize());
            assertTrue(q.full());
            assertEquals(0, q.remainingCapacity());
            assertTrue(producers.get(0).isAlive() && producers.get(1).isAlive(), "both producers wait for room");
            int got = 0;
            while (got < 20) {
                q.get(LONG);
                got++;
                assertTrue(q.qsize() <= 5);
            }
            for (final Process producer : producers) {
                assertTrue(producer.join(LONG));
                assertEquals(0, producer.exitCode().getAsInt());
                producer.close();
            }
            assertTrue(q.empty());
        }
    }

    @Test
    void shouldTimeOutWithFullAndEmptyInTheOwner() throws Exception {
        try (Queue<String> q = Queue.create(1)) {
            q.put("x");
            final long start = System.nanoTime();
            assertThrows(Full.class, () -> q.put("y", Duration.ofMillis(200)));
            final long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 200, "waited " + waited + " ms");
            assertThrows(Full.class, () -> q.putNowait("y"));
            assertFalse(q.offer("y"));
            assertEquals("x", q.getNowait());
            final long start2 = System.nanoTime();
            assertThrows(Empty.class, () -> q.get(Duration.ofMillis(200)));
            assertTrue((System.nanoTime() - start2) / 1_000_000 >= 200);
            assertThrows(Empty.class, q::getNowait);
            assertNull(q.poll());
        }
    }

    @Test
    void shouldTimeOutWithFullAndEmptyInAnAttachedProcess() throws Exception {
        try (Queue<String> q = Queue.create(1); Queue<String> report = Queue.create()) {
            try (Process child = Process.start(() -> {
                long start = System.nanoTime();
                try {
                    q.get(Duration.ofMillis(300));
                    report.put("got an item from an empty queue");
                } catch (final Empty e) {
                    report.put("empty after " + (System.nanoTime() - start) / 1_000_000);
                }
                q.put("x");
                start = System.nanoTime();
                try {
                    q.put("y", Duration.ofMillis(300));
                    report.put("put on a full queue");
                } catch (final Full e) {
                    report.put("full after " + (System.nanoTime() - start) / 1_000_000);
                }
                report.put(q.offer("z") ? "offered" : "not offered");
                report.put("size " + q.qsize() + " full " + q.full());
            })) {
                final String empty = report.get(LONG);
                assertTrue(empty.startsWith("empty after "), empty);
                final long emptyMillis = Long.parseLong(empty.substring("empty after ".length()));
                assertTrue(emptyMillis >= 300 && emptyMillis < Await.HANG.toMillis(), empty);
                final String full = report.get(LONG);
                assertTrue(full.startsWith("full after "), full);
                final long fullMillis = Long.parseLong(full.substring("full after ".length()));
                assertTrue(fullMillis >= 300 && fullMillis < Await.HANG.toMillis(), full);
                assertEquals("not offered", report.get(LONG));
                assertEquals("size 1 full true", report.get(LONG));
                assertEquals("x", q.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    @Test
    void shouldFailPutOfANonSerializableItemNamingTheClass() throws Exception {
        try (Queue<Object> q = Queue.create(); Queue<String> report = Queue.create()) {
            final IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> q.put(new Unserializable()));
            assertTrue(local.getMessage().contains(Unserializable.class.getName()), local.getMessage());
            try (Process child = Process.start(() -> {
                try {
                    q.put(new Unserializable());
                    report.put("put it");
                } catch (final IllegalArgumentException e) {
                    report.put(e.getMessage());
                }
                q.put("still usable");
            })) {
                final String message = report.get(LONG);
                assertTrue(message.contains(Unserializable.class.getName()), message);
                assertEquals("still usable", q.get(LONG));
                assertTrue(child.join(LONG));
            }
            assertTrue(q.empty());
        }
    }

    @Test
    void shouldComeBackToTheOwnerAsTheSameQueue() throws Exception {
        try (Queue<Object> q = Queue.create()) {
            try (Process child = Process.start(() -> q.put(q))) {
                assertSame(q, q.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    @Test
    void shouldCancelAnInterruptedGetInAnAttachedProcessWithoutLosingTheNextItem() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> report = Queue.create();
             Queue<String> interrupt = Queue.create()) {
            try (Process child = Process.start(() -> {
                final Thread main = Thread.currentThread();
                final Thread interrupter = new Thread(() -> {
                    try {
                        interrupt.get();
                    } catch (final InterruptedException ignored) {
                        return;
                    }
                    main.interrupt();
                });
                interrupter.start();
                try {
                    q.get();
                    report.put("got an item");
                } catch (final InterruptedException e) {
                    report.put("interrupted");
                }
                report.put("then " + q.get());
            })) {
                Await.until("the child waits in get", () -> Shared.waiting(q).gets() == 1);
                interrupt.put("now");
                assertEquals("interrupted", report.get(LONG));
                q.put("next");
                assertEquals("then next", report.get(LONG));
                assertTrue(child.join(LONG));
            }
        }
    }

    @Test
    void shouldWorkWhenSentInsideAMessageAndHandedOnToAGrandchild() throws Exception {
        try (Queue<Queue<String>> mailbox = Queue.create(); Queue<String> q = Queue.create()) {
            try (Process child = Process.start(() -> {
                final Queue<String> received = mailbox.get();
                try (Process grandchild = Process.start(() -> received.put("from grandchild "
                    + ProcessHandle.current().pid()))) {
                    grandchild.join();
                }
                received.put("from child");
            })) {
                mailbox.put(q);
                assertTrue(q.get(LONG).startsWith("from grandchild "));
                assertEquals("from child", q.get(LONG));
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
        }
    }

    @Test
    void shouldRefuseNullAndDrainInOrder() throws Exception {
        try (Queue<String> q = Queue.create()) {
            assertThrows(NullPointerException.class, () -> q.put(null));
            q.put("a");
            q.put("b");
            final List<String> drained = new ArrayList<>();
            assertEquals(2, q.drainTo(drained));
            assertEquals(List.of("a", "b"), drained);
        }
    }

    /** peek, iteration and what is built on it: weakly consistent snapshots, in the owner and in another process. */
    @Test
    void shouldPeekIterateAndRemoveAsAWeaklyConsistentSnapshot() throws Exception {
        try (Queue<String> q = Queue.create(); Queue<String> verdict = Queue.create()) {
            assertNull(q.peek());
            q.put("a");
            q.put("b");
            q.put("c");
            assertEquals("a", q.peek());
            assertEquals(3, q.size(), "peek takes nothing");
            final Iterator<String> walking = q.iterator();
            q.put("d");
            final List<String> walked = new ArrayList<>();
            walking.forEachRemaining(walked::add);
            assertEquals(List.of("a", "b", "c"), walked, "the items stored when the iterator was made");
            assertTrue(q.contains("d"));
            assertArrayEquals(new Object[] {"a", "b", "c", "d"}, q.toArray());
            assertTrue(q.remove("b"));
            assertFalse(q.remove("b"));
            try (Process child = Process.start(() -> {
                final StringBuilder seen = new StringBuilder(String.valueOf(q.peek()));
                seen.append(' ').append(String.join(",", q.stream().toList()));
                seen.append(' ').append(q.contains("c")).append(' ').append(q.removeIf("c"::equals));
                final Iterator<String> it = q.iterator();
                while (it.hasNext()) {
                    if (it.next().equals("d")) {
                        it.remove();
                    }
                }
                verdict.put(seen.toString());
            })) {
                assertEquals("a a,c,d true true", verdict.get(LONG));
                assertTrue(child.join(LONG));
                assertEquals(0, child.exitCode().getAsInt());
            }
            assertEquals(List.of("a"), List.copyOf(q));
            assertEquals("a", q.get(LONG));
            assertNull(q.peek());
        }
    }

    /** A HashMap decoded is not encoded to the same bytes again (another table size): removal uses the bytes stored. */
    @Test
    void shouldRemoveAnItemByWhatIsStoredNotByItsCopysEncoding() throws Exception {
        try (Queue<java.util.Map<String, Integer>> q = Queue.create()) {
            q.put(new java.util.HashMap<>(java.util.Map.of("k", 1)));
            q.put(new java.util.HashMap<>(java.util.Map.of("k", 2)));
            assertTrue(q.remove(java.util.Map.of("k", 1)));
            assertFalse(q.remove(java.util.Map.of("k", 1)), "nothing left to remove: false, not a silent true");
            assertFalse(q.removeIf(m -> m.get("k") == 1));
            assertEquals(1, q.size());
            assertEquals(java.util.Map.of("k", 2), q.get(LONG));
        }
    }

    @Test
    void shouldCountARemovedItemAsDoneForJoin() throws Exception {
        try (JoinableQueue<String> q = JoinableQueue.create()) {
            q.put("kept");
            q.put("removed");
            assertTrue(q.remove("removed"));
            assertEquals("kept", q.get(LONG));
            q.taskDone();
            assertTrue(q.join(LONG), "the removed item is not waited for");
        }
    }

    @Test
    void shouldFailUseAfterCloseInTheOwner() throws Exception {
        final Queue<String> q = Queue.create();
        q.close();
        q.close();
        assertThrows(IllegalStateException.class, () -> q.put("x"));
    }

    /** Not serializable on purpose. */
    static final class Unserializable {
    }

    /**
     * CPython's {@code test_closed_queue_empty_exceptions}: a queue that was used and then closed has no emptiness to
     * tell ({@code empty()}, {@code qsize()} and {@code full()} raise, as Python's raise {@code OSError}); in another
     * process, once the owner has closed it, they raise {@link QueueGoneException}.
     */
    @Test
    void test_closed_queue_empty_exceptions() throws Exception {
        for (final Queue<String> q : List.of(Queue.<String>create(), JoinableQueue.<String>create(1))) {
            q.put("foo");
            q.close();
            final IllegalStateException closed = assertThrows(IllegalStateException.class, q::empty);
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertThrows(IllegalStateException.class, q::qsize);
            assertThrows(IllegalStateException.class, q::full);
        }
        try (Queue<String> report = Queue.create(); Queue<String> go = Queue.create()) {
            final Queue<String> q = Queue.create();
            q.put("foo");
            try (Process child = Process.start(() -> {
                report.put("attached with " + q.qsize());
                go.get();
                try {
                    report.put("answered " + q.empty());
                } catch (final QueueGoneException expected) {
                    report.put("raised");
                }
            })) {
                assertEquals("attached with 1", report.get(Await.HANG));
                q.close();
                go.put("go");
                assertEquals("raised", report.get(Await.HANG));
                assertTrue(child.join(Await.HANG));
            }
        }
    }
}
