package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import dev.mproc.testing.FileCounter;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's {@code callback} and {@code error_callback} on {@link Pool#applyAsync}, {@link Pool#mapAsync} and
 * {@link Pool#starmapAsync}: the cases of CPython's {@code _TestPool} and {@code _TestPoolWorkerErrors}, on one pool.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolCallbackTest {

    private static Pool pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPool() throws Exception {
        pool = Pool.create(2);
    }

    @AfterAll
    static void closePool() throws Exception {
        pool.close();
        assertTrue(pool.join(Await.HANG));
    }

    /** CPython's {@code test_map_async_callbacks}: one callback, with the list, or with the exception. */
    @Test
    void testMapAsyncCallbacks() throws Exception {
        final List<Object> callArgs = Collections.synchronizedList(new ArrayList<>());
        pool.mapAsync(Integer::parseInt, List.of("1"), callArgs::add, callArgs::add).get(Await.HANG);
        assertEquals(1, callArgs.size());
        assertEquals(List.of(1), callArgs.get(0));
        final AsyncResult<List<Integer>> bad = pool.mapAsync(Integer::parseInt, List.of("a"), callArgs::add,
            callArgs::add);
        assertThrows(ExecutionException.class, () -> bad.get(Await.HANG));
        assertEquals(2, callArgs.size());
        assertInstanceOf(NumberFormatException.class, callArgs.get(1));
    }

    /** CPython's {@code test_async_error_callback}: {@code apply_async(raising, error_callback=errback)}. */
    @Test
    void testAsyncErrorCallback() {
        final AtomicReference<Throwable> scratchpad = new AtomicReference<>();
        final AsyncResult<Object> res = pool.applyAsync(() -> {
            throw new NoSuchElementException("key");
        }, null, scratchpad::set);
        final ExecutionException e = assertThrows(ExecutionException.class, () -> res.get(Await.HANG));
        assertInstanceOf(NoSuchElementException.class, e.getCause());
        assertInstanceOf(NoSuchElementException.class, scratchpad.get());
    }

    /**
     * The error callback runs once, with the first failure, however many chunks fail; the callbacks run in a pool
     * thread, before the result is ready.
     */
    @Test
    void shouldCallTheErrorCallbackOnceInAPoolThreadBeforeTheResultIsReady() throws Exception {
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> items = IntStream.range(0, 12).boxed().collect(Collectors.toList());
        final AsyncResult<List<Integer>> all = pool.mapAsync(x -> {
            throw new IllegalStateException("item " + x);
        }, items, 1, ok -> threads.add("success " + Thread.currentThread().getName()), error -> {
            threads.add(Thread.currentThread().getName());
            errors.add(error);
        });
        final ExecutionException e = assertThrows(ExecutionException.class, () -> all.get(Await.HANG));
        assertEquals(1, errors.size(), "called before the result was ready: " + errors);
        assertEquals(e.getCause(), errors.get(0), "with the failure get() gives");
        // Units already sent fail after the result; a worker answers in order, so once each has run an item of a
        // later map, every one of them has been delivered: none called back again.
        final FileCounter running = FileCounter.create(dir.resolve("running"));
        assertEquals(List.of(1, 2), pool.map(x -> bothWorkersRun(running, x), List.of(1, 2), 1));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(1, threads.size(), threads.toString());
        assertTrue(threads.get(0).startsWith("mproc-pool-"), "a pool thread: " + threads);
        assertNotEquals(Thread.currentThread().getName(), threads.get(0));
    }

    /** Runs in a worker: counts itself in, then waits until two items run at once, so both workers took one. */
    private static int bothWorkersRun(final FileCounter running, final int item) throws Exception {
        running.increment();
        Await.until("the other worker took an item", () -> running.value() >= 2);
        return item;
    }

    /** As Python's, the results of starmap_async reach its callback as one list, in pair order. */
    @Test
    void shouldCallBackWithTheStarmapResultsInPairOrder() throws Exception {
        final AtomicReference<List<Integer>> success = new AtomicReference<>();
        final List<Map.Entry<Integer, Integer>> pairs = IntStream.range(0, 10).mapToObj(i -> Map.entry(i, 9 - i))
            .collect(Collectors.toList());
        final List<Integer> products = pairs.stream().map(p -> p.getKey() * p.getValue()).collect(Collectors.toList());
        assertEquals(products, pool.<Integer, Integer, Integer>starmapAsync((a, b) -> a * b, pairs, success::set,
            error -> { }).get(Await.HANG));
        assertEquals(products, success.get());

        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AsyncResult<List<Integer>> bad = pool.<Integer, Integer, Integer>starmapAsync((a, b) -> a / b, pairs, 3,
            success::set, failure::set);
        assertThrows(ExecutionException.class, () -> bad.get(Await.HANG));
        assertInstanceOf(ArithmeticException.class, failure.get(), "9 / 0");
    }

    /** A map over no items calls back with the empty list (Python's map_async calls nothing back here). */
    @Test
    void shouldCallBackWithAnEmptyListForNoItems() throws Exception {
        final AtomicReference<List<Object>> success = new AtomicReference<>();
        assertEquals(List.of(), pool.<Object, Object>mapAsync(x -> x, List.of(), success::set, error -> { })
            .get(Await.HANG));
        assertEquals(List.of(), success.get());
    }

    /** A callback that throws is logged; the result is kept and the pool goes on. */
    @Test
    void shouldKeepTheResultAndGoOnWhenACallbackThrows() throws Exception {
        final AsyncResult<List<Integer>> result = pool.mapAsync(x -> x + 1, List.of(1, 2, 3), ok -> {
            throw new IllegalStateException("a callback that throws");
        }, error -> { });
        assertEquals(List.of(2, 3, 4), result.get(Await.HANG));
        assertTrue(result.successful());
        final AsyncResult<List<Integer>> failed = pool.mapAsync(x -> 1 / x, List.of(0), ok -> { }, error -> {
            throw new IllegalStateException("an error callback that throws");
        });
        final ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(Await.HANG));
        assertInstanceOf(ArithmeticException.class, e.getCause());
        assertEquals(List.of(1, 4), pool.map(x -> x * x, List.of(1, 2)), "the pool goes on");
    }
}
