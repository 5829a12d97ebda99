package dev.mproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(120)
class ClusterObjectsTest {

    private static Cluster cluster;

    @BeforeAll
    static void startMembers() throws Exception {
        cluster = Cluster.builder().members(3).poolThreadsPerMember(2).memberJvmOptions("-Xmx256m").start();
    }

    @AfterAll
    static void stopMembers() {
        cluster.close();
    }

    @Test
    void shouldShareADictAListAndAQueueWithTheMembers() throws Exception {
        final ConcurrentMap<Integer, Integer> squares = cluster.dict("squares");
        final Pool pool = cluster.pool();
        // Each task reaches the same objects by name through the member it runs on.
        pool.map(x -> {
            OnMember.member().<Integer, Integer>getMap("squares").put(x, x * x);
            OnMember.member().<Integer>getList("seen").add(x);
            OnMember.member().<Integer>getQueue("done").put(x);
            return null;
        }, List.of(0, 1, 2, 3, 4, 5), 1);
        assertEquals(Map.of(0, 0, 1, 1, 2, 4, 3, 9, 4, 16, 5, 25), Map.copyOf(squares));
        assertEquals(30, squares.merge(5, 5, Integer::sum));
        final List<Integer> seen = cluster.list("seen");
        assertEquals(6, seen.size());
        final BlockingQueue<Integer> done = cluster.queue("done");
        int sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += done.poll(Await.HANG.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(15, sum);
        assertEquals(null, done.poll());
    }

    @Test
    void shouldKeepValuesAndANamespace() {
        final ClusterValue<Integer> counter = cluster.value("counter", 1);
        assertEquals(1, cluster.value("counter", 99).get());
        assertTrue(counter.compareAndSet(1, 2));
        assertFalse(counter.compareAndSet(1, 3));
        assertEquals(2, counter.getAndSet(5));
        assertEquals(5, counter.get());

        final ClusterNamespace ns = cluster.namespace("settings");
        ns.set("x", 10);
        ns.set("name", "mproc");
        assertTrue(ns.has("x"));
        assertEquals(10, ns.<Integer>get("x"));
        assertEquals(Map.of("x", 10, "name", "mproc"), ns.snapshot());
        assertEquals(10, ns.remove("x"));
        assertThrows(NoSuchElementException.class, () -> ns.get("x"));
    }

    @Test
    void shouldLockAcrossThreadsAndOwnTheLockByThread() throws Exception {
        final Lock lock = cluster.lock("critical");
        lock.lock();
        try {
            // An assertion that fails in another thread fails only that thread: its failure is carried back here.
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                try {
                    assertFalse(lock.tryLock());
                    assertThrows(IllegalMonitorStateException.class, lock::unlock);
                } catch (final Throwable e) {
                    failure.set(e);
                }
            });
            other.start();
            other.join();
            if (failure.get() != null) {
                throw new AssertionError("in the other thread", failure.get());
            }
        } finally {
            lock.unlock();
        }
        assertTrue(lock.tryLock());
        lock.unlock();
    }

    @Test
    void shouldReleaseTheLockOfAKilledClient() throws Exception {
        final String name = cluster.name();
        final String[] addresses = cluster.addresses().toArray(String[]::new);
        try (Process holder = Process.start(() -> {
            final Cluster client = Cluster.connect(name, addresses);
            client.lock("held").lock();
            client.dict("flags").put("held", true);
            Await.untilKilled();
        })) {
            Await.until("the child holds the lock", () -> cluster.dict("flags").containsKey("held"));
            final Lock lock = cluster.lock("held");
            assertFalse(lock.tryLock());
            holder.kill();
            holder.join();
            assertTrue(lock.tryLock(Await.HANG.toSeconds(), TimeUnit.SECONDS), "the dead client's lock is freed");
            lock.unlock();
        }
    }
}
