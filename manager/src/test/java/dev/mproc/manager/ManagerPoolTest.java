package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CPython's {@code _TestPool} run against a manager ({@code TYPE='manager'}: {@code manager.Pool(4)}, here 2
 * workers to keep the JVMs few): a pool in the manager's server process, used through its proxy.
 */
@ExtendWith(NoLeaks.class)
@Timeout(180)
class ManagerPoolTest {

    private static Manager manager;
    private static PoolProxy pool;

    @BeforeAll
    static void startPool() throws Exception {
        manager = Manager.start();
        pool = manager.pool(2);
    }

    @AfterAll
    static void stopPool() throws Exception {
        pool.terminate();
        pool.join();
        manager.close();
    }

    private static List<Integer> range(final int end) {
        return IntStream.range(0, end).boxed().collect(Collectors.toList());
    }

    private static List<Map.Entry<Integer, Integer>> zipDown(final int n) {
        return IntStream.range(0, n).mapToObj(i -> Map.entry(i, n - 1 - i)).collect(Collectors.toList());
    }

    private static List<Integer> products(final int n) {
        return IntStream.range(0, n).mapToObj(i -> i * (n - 1 - i)).collect(Collectors.toList());
    }

    private static List<Integer> squares(final int n) {
        return IntStream.range(0, n).mapToObj(i -> i * i).collect(Collectors.toList());
    }

    // Ports test_apply; and the pool's workers are children of the server's process.
    @Test
    void testApply() throws Exception {
        assertEquals(25, pool.apply(() -> 5 * 5));
        assertEquals(manager.serverProcess().pid(),
            pool.apply(() -> ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)));
        assertEquals(2, pool.processes());
    }

    // Ports test_map.
    @Test
    void testMap() throws Exception {
        assertEquals(squares(10), pool.map((Integer x) -> x * x, range(10)));
        assertEquals(squares(100), pool.map((Integer x) -> x * x, range(100), 20));
    }

    // Ports test_starmap.
    @Test
    void testStarmap() throws Exception {
        assertEquals(products(10), pool.starmap((Integer a, Integer b) -> a * b, zipDown(10)));
        assertEquals(products(100), pool.starmap((Integer a, Integer b) -> a * b, zipDown(100)));
    }

    // Ports test_starmap_async.
    @Test
    void testStarmapAsync() throws Exception {
        assertEquals(products(100), pool.starmapAsync((Integer a, Integer b) -> a * b, zipDown(100)).get());
    }

    // Ports test_map_async.
    @Test
    void testMapAsync() throws Exception {
        final AsyncResultProxy<List<Integer>> result = pool.mapAsync((Integer x) -> x * x, range(10));
        assertEquals(squares(10), result.get(Await.HANG));
        assertTrue(result.ready());
        assertTrue(result.successful());
    }

    // Ports test_map_async_callbacks: the callbacks run (here, in the calling process) before the result is ready.
    @Test
    void testMapAsyncCallbacks() throws Exception {
        final List<Object> callArgs = manager.list();
        pool.mapAsync(Integer::parseInt, List.of("1"), callArgs::add, callArgs::add).get();
        assertEquals(1, callArgs.size());
        assertEquals(List.of(1), callArgs.get(0));
        final AsyncResultProxy<List<Integer>> failed = pool.mapAsync(Integer::parseInt, List.of("a"),
            callArgs::add, callArgs::add);
        final ExecutionException thrown = assertThrows(ExecutionException.class, failed::get);
        assertEquals(2, callArgs.size());
        assertTrue(callArgs.get(1) instanceof NumberFormatException, String.valueOf(callArgs.get(1)));
        assertTrue(thrown.getCause() instanceof NumberFormatException, String.valueOf(thrown.getCause()));
        assertTrue(failed.ready());
        assertTrue(!failed.successful());
    }

    // Ports test_map_unplicklable: an item that cannot cross fails the call at once, and the pool goes on.
    @Test
    void testMapUnpicklable() throws Exception {
        final List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(new Object());
        }
        assertThrows(IllegalArgumentException.class, () -> pool.map(Object::hashCode, items));
        assertEquals(4, pool.apply(() -> 2 + 2));
    }

    // Ports test_map_chunksize: an empty map with a chunk size does not stall.
    @Test
    void testMapChunksize() throws Exception {
        assertEquals(List.of(), pool.map((Integer x) -> x * x, List.of(), 1));
        assertEquals(List.of(), pool.mapAsync((Integer x) -> x * x, List.of()).get(Await.HANG));
    }

    // Ports test_async's error path: a job's exception reaches the caller as the cause, and the pool goes on.
    @Test
    void testAsyncError() throws Exception {
        final AsyncResultProxy<Integer> result = pool.applyAsync(() -> {
            throw new IllegalStateException("the job refuses");
        });
        final ExecutionException thrown = assertThrows(ExecutionException.class, () -> result.get(Await.HANG));
        assertTrue(thrown.getCause() instanceof IllegalStateException, String.valueOf(thrown.getCause()));
        assertEquals("the job refuses", thrown.getCause().getMessage());
        assertEquals(3, pool.apply(() -> 3));
    }

    // The proxy crosses into a child, which uses the same pool; a child killed while it waits in apply() abandons its
    // wait on the server, and the pool goes on.
    @Test
    void childShouldUseThePoolAndItsDeathShouldAbandonItsWait() throws Exception {
        final PoolProxy shared = pool;
        final List<Integer> got = manager.list();
        final Process user = Process.start(() -> got.add(shared.apply(() -> 6 * 7)));
        user.join();
        assertEquals(0, user.exitCode().getAsInt());
        user.close();
        assertEquals(List.of(42), got);

        Await.until("no call waits on the server", () -> manager.waitingCalls() == 0);
        final EventProxy release = manager.event();
        final Process victim = Process.start(() -> shared.apply(() -> release.await(Await.HANG)));
        // The victim's apply waits on the server, and its job waits for the event in a worker.
        Await.until("the victim's apply and its job wait", () -> manager.waitingCalls() == 2);
        victim.kill();
        victim.join();
        victim.close();
        Await.until("the victim's wait is abandoned", () -> manager.waitingCalls() == 1);
        release.set();
        assertEquals(7, pool.apply(() -> 7));
    }

    // Python's close()/join() contract: join before close fails; close returns at once, join waits for the work.
    @Test
    void testCloseAndJoin() throws Exception {
        final PoolProxy own = manager.pool(1);
        assertThrows(IllegalStateException.class, own::join);
        final AsyncResultProxy<Integer> pending = own.applyAsync(() -> 11);
        assertEquals(11, pending.get(Await.HANG));
        own.close();
        own.join();
        assertThrows(IllegalStateException.class, () -> own.apply(() -> 1));
        assertThrows(IllegalArgumentException.class, () -> manager.pool(0));
    }
}
