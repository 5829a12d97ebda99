package dev.mproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AsyncResult;
import dev.mproc.ImapIterator;
import dev.mproc.Pool;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(120)
class ClusterPoolTest {

    private static Cluster cluster;

    @BeforeAll
    static void startMembers() throws Exception {
        cluster = Cluster.builder().members(3).poolThreadsPerMember(2).memberJvmOptions("-Xmx256m").start();
    }

    @AfterAll
    static void stopMembers() {
        cluster.close();
    }

    /** @return whether close() or terminate() has begun: join refuses to wait on a pool that is still open */
    private static boolean closing(final Pool pool) throws InterruptedException {
        try {
            pool.join(java.time.Duration.ZERO);
            return true;
        } catch (final IllegalStateException open) {
            return false;
        }
    }

    private static List<Integer> range(final int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void shouldKeepHazelcastsInfoLinesOutOfThisJvmsOutput() {
        final java.util.logging.Logger hazelcast = java.util.logging.Logger.getLogger("com.hazelcast.client");
        assertFalse(hazelcast.isLoggable(java.util.logging.Level.INFO));
        assertTrue(hazelcast.isLoggable(java.util.logging.Level.WARNING));
    }

    @Test
    void shouldMapInItemOrderOnTheMembers() throws Exception {
        final Pool pool = cluster.pool();
        assertEquals(3, pool.processes());
        final List<Integer> expected = range(50).stream().map(x -> x * x).collect(Collectors.toList());
        assertEquals(expected, pool.map(x -> x * x, range(50)));
        assertEquals(expected, pool.map(x -> x * x, range(50), 1));
        assertEquals(List.of(), pool.map(x -> x, List.of()));
        assertEquals(List.of("a1", "b2"), pool.starmap((a, b) -> a + b, List.of(Map.entry("a", 1), Map.entry("b", 2))));
    }

    @Test
    void shouldRunUnitsOnEveryMemberAndNotHere() throws Exception {
        final Pool pool = cluster.pool();
        final Set<Long> memberPids = cluster.memberProcesses().stream().map(p -> p.pid())
            .collect(Collectors.toSet());
        final Set<Long> ran = new HashSet<>(pool.map(x -> ProcessHandle.current().pid(), range(30), 1));
        assertEquals(memberPids, ran);
        final long applied = pool.apply(() -> ProcessHandle.current().pid());
        assertTrue(memberPids.contains(applied));
    }

    @Test
    void shouldReportATaskExceptionAsTheCause() throws Exception {
        final Pool pool = cluster.pool();
        final ExecutionException e = assertThrows(ExecutionException.class, () -> pool.map(x -> {
            if (x == 7) {
                throw new IllegalStateException("item " + x);
            }
            return x;
        }, range(20)));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("item 7", e.getCause().getMessage());
        final AtomicReference<Throwable> called = new AtomicReference<>();
        final AsyncResult<Object> failed = pool.applyAsync(() -> {
            throw new java.io.FileNotFoundException("no such file");
        }, null, called::set);
        final ExecutionException applied = assertThrows(ExecutionException.class, failed::get);
        assertInstanceOf(java.io.FileNotFoundException.class, applied.getCause());
        assertEquals(applied.getCause().getMessage(), called.get().getMessage());
    }

    @Test
    void shouldRefuseWorkThatCannotBeSentAtSubmission() {
        final Pool pool = cluster.pool();
        final Object notSerializable = new Object();
        final UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> pool.applyAsync(() -> notSerializable.hashCode()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void shouldCallBackBeforeTheResultIsReady() throws Exception {
        final Pool pool = cluster.pool();
        final AtomicReference<List<Integer>> seen = new AtomicReference<>();
        final AsyncResult<List<Integer>> result = pool.mapAsync(x -> x + 1, range(10), 3, seen::set, null);
        assertEquals(range(11).subList(1, 11), result.get());
        assertEquals(result.get(), seen.get());
    }

    @Test
    void shouldGiveImapInItemOrderAndImapUnorderedAsTheyFinish() throws Exception {
        final Pool pool = cluster.pool();
        try (ImapIterator<Integer> ordered = pool.imap(x -> x * 2, range(40), 3)) {
            final List<Integer> results = new ArrayList<>();
            ordered.forEachRemaining(results::add);
            assertEquals(range(40).stream().map(x -> x * 2).collect(Collectors.toList()), results);
        }
        // Item 0 waits for the test's flag, which comes only after the three others' results have come.
        try (ImapIterator<Integer> unordered = pool.imapUnordered(x -> {
            if (x == 0) {
                OnMember.awaitFlag("unordered");
            }
            return x;
        }, range(4))) {
            final Set<Integer> first = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                first.add(unordered.next());
            }
            assertEquals(Set.of(1, 2, 3), first);
            cluster.dict("flags").put("unordered", true);
            assertEquals(0, unordered.next());
            assertFalse(unordered.hasNext());
        }
        try (ImapIterator<Integer> failing = pool.imap(x -> 10 / x, List.of(1, 0, 2))) {
            assertEquals(10, failing.next());
            final CompletionException e = assertThrows(CompletionException.class, failing::next);
            assertInstanceOf(ArithmeticException.class, e.getCause());
            assertEquals(5, failing.next());
        }
    }

    @Test
    void shouldReadAnUnreadIteratorsInputToItsEndAtClose() throws Exception {
        final Pool pool = cluster.pool();
        // 100 items are far more than the iterator sends ahead of its consumer (four chunks per member).
        final ImapIterator<Integer> unread = pool.imap(x -> x + 1, range(100));
        pool.close();
        final List<Integer> results = new ArrayList<>();
        unread.forEachRemaining(results::add);
        assertEquals(range(101).subList(1, 101), results);
    }

    @Test
    void shouldWaitForWorkAtCloseAndCancelItAtTerminate() throws Exception {
        final Pool closing = cluster.pool();
        final AsyncResult<Integer> pending = closing.applyAsync(() -> {
            OnMember.awaitFlag("close");
            return 42;
        });
        final Thread closer = new Thread(closing::close);
        closer.start();
        // WAITING alone may be a wait of the closer's before close() marked the pool closed (a lock, a class being
        // initialized): the refusal below needs the mark.
        Await.until("close() has begun and waits for the work",
            () -> closing(closing) && closer.getState() == Thread.State.WAITING);
        assertThrows(IllegalStateException.class, () -> closing.applyAsync(() -> 1));
        assertFalse(pending.ready());
        cluster.dict("flags").put("close", true);
        closer.join();
        assertEquals(42, pending.get());
        closing.join();

        final Pool terminated = cluster.pool();
        assertThrows(IllegalStateException.class, terminated::join);
        final AsyncResult<Integer> cancelled = terminated.applyAsync(() -> {
            OnMember.awaitFlag("terminate");
            return 1;
        });
        terminated.terminate();
        assertThrows(CancellationException.class, cancelled::get);
        assertTrue(terminated.join(java.time.Duration.ZERO));
        cluster.dict("flags").put("terminate", true);
    }
}
