package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.NoLeaks;
import java.io.NotSerializableException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** The proxies' contracts: collections, snapshots, nesting, handles crossing into children, user types, errors. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class ProxiesTest {

    private static Manager manager;

    @BeforeAll
    static void startManager() throws Exception {
        manager = Manager.start();
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    private static void runInChild(final dev.mproc.Task task) throws Exception {
        try (Process child = Process.start(task)) {
            child.join();
            assertEquals(0, child.exitCode().getAsInt(), "the child failed; its stack trace is on stderr");
        }
    }

    @Test
    void dictShouldBehaveAsAConcurrentMapWithAtomicDefaults() throws Exception {
        final ConcurrentMap<String, Integer> d = manager.dict(Map.of("a", 1));
        assertEquals(1, d.get("a"));
        assertEquals(null, d.putIfAbsent("b", 2));
        assertEquals(2, d.putIfAbsent("b", 3));
        assertTrue(d.replace("b", 2, 4));
        assertFalse(d.remove("b", 2));
        assertEquals(7, d.merge("a", 6, Integer::sum));
        assertEquals(10, d.compute("c", (k, v) -> v == null ? 10 : v + 1));
        assertThrows(NullPointerException.class, () -> d.put("n", null));
        runInChild(() -> {
            for (int i = 0; i < 100; i++) {
                d.merge("counter", 1, Integer::sum);
            }
        });
        assertEquals(100, d.get("counter"));
        assertEquals(Set.of("a", "b", "c", "counter"), d.keySet());
        assertEquals(Map.of("a", 7, "b", 4, "c", 10, "counter", 100), d);
    }

    @Test
    void dictViewsShouldBeWeaklyConsistentAndChangeTheDict() throws Exception {
        final ConcurrentMap<String, Integer> d = manager.dict(Map.of("x", 1, "y", 2, "z", 3));
        final Set<String> keys = d.keySet();
        final Iterator<String> walking = keys.iterator();
        d.put("w", 4);
        final Set<String> walked = new HashSet<>();
        walking.forEachRemaining(walked::add);
        assertEquals(Set.of("x", "y", "z"), walked, "an iterator walks the snapshot it took");
        assertEquals(Set.of("w", "x", "y", "z"), keys, "the view sees the dict");
        assertTrue(keys.remove("x"));
        assertFalse(d.containsKey("x"));
        assertTrue(d.entrySet().removeIf(entry -> entry.getValue() == 2));
        assertFalse(d.containsKey("y"));
        for (final Map.Entry<String, Integer> entry : d.entrySet()) {
            if (entry.getKey().equals("z")) {
                assertEquals(3, entry.setValue(30));
            }
        }
        assertEquals(30, d.get("z"));
        final Iterator<Integer> values = d.values().iterator();
        while (values.hasNext()) {
            if (values.next() == 4) {
                values.remove();
            }
        }
        assertEquals(Map.of("z", 30), d);
        runInChild(() -> {
            if (!d.keySet().removeIf(key -> key.equals("z"))) {
                throw new AssertionError("nothing removed");
            }
        });
        assertTrue(d.isEmpty());
        d.put("v", 1);
        final Iterator<Integer> stale = d.values().iterator();
        assertEquals(1, stale.next());
        d.put("v", 2);
        stale.remove();
        assertEquals(2, d.get("v"), "a value view removes a key only while it maps to the value seen");
        assertFalse(d.values().removeIf(v -> v == 1));
        assertTrue(d.values().removeIf(v -> v == 2));
        assertTrue(d.isEmpty());
        for (final Executable add : List.<Executable>of(() -> d.keySet().add("k"), () -> d.values().add(1),
                () -> d.entrySet().add(Map.entry("k", 1)))) {
            final UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, add);
            assertTrue(refused.getMessage() != null && refused.getMessage().contains("put(key, value)"),
                String.valueOf(refused.getMessage()));
        }
        assertTrue(d.isEmpty());
    }

    @Test
    void listIteratorsShouldBeSnapshotsThatSayWhyTheyDoNotChangeTheList() {
        final List<Integer> l = manager.list(List.of(1, 2, 3));
        final Iterator<Integer> it = l.iterator();
        l.add(4);
        final List<Integer> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        assertEquals(List.of(1, 2, 3), seen);
        final Iterator<Integer> removing = l.iterator();
        removing.next();
        final UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
            removing::remove);
        assertTrue(refused.getMessage().contains("removeIf(filter)"), refused.getMessage());
        final List<Integer> range = l.subList(0, 2);
        for (final Executable change : List.<Executable>of(
                range::clear, () -> range.set(0, 9), () -> range.add(9), () -> range.remove(0),
                () -> {
                    final Iterator<Integer> walking = range.iterator();
                    walking.next();
                    walking.remove();
                })) {
            final UnsupportedOperationException subListRefused = assertThrows(UnsupportedOperationException.class,
                change);
            assertTrue(subListRefused.getMessage() != null && subListRefused.getMessage().contains("subList"),
                String.valueOf(subListRefused.getMessage()));
        }
        assertEquals(List.of(1, 2, 3, 4), l, "nothing changed");
        assertTrue(l.removeIf(x -> x % 2 == 0));
        assertFalse(l.removeIf(x -> x > 100));
        assertEquals(List.of(1, 3), l);
    }

    @Test
    void listShouldBehaveAsAList() throws Exception {
        final List<String> l = manager.list(List.of("b", "a"));
        l.add(0, "c");
        l.addAll(List.of("d", "e"));
        assertEquals("c", l.remove(0));
        assertTrue(l.remove("e"));
        l.sort(null);
        assertEquals(List.of("a", "b", "d"), l);
        assertEquals(2, l.indexOf("d"));
        assertEquals("[a, b, d]", l.toString());
        final IndexOutOfBoundsException thrown = assertThrows(IndexOutOfBoundsException.class, () -> l.get(99));
        assertTrue(thrown.getMessage().contains("99"), thrown.getMessage());
    }

    @Test
    void proxiesShouldNestAndCrossIntoOtherProcesses() throws Exception {
        final ConcurrentMap<String, Object> d = manager.dict();
        final List<Integer> inner = manager.list();
        d.put("inner", inner);
        final BlockingQueue<Object> q = manager.queue();
        runInChild(() -> {
            @SuppressWarnings("unchecked")
            final List<Integer> fromDict = (List<Integer>) d.get("inner");
            fromDict.add(42);
            q.put(fromDict);
        });
        assertEquals(List.of(42), inner);
        @SuppressWarnings("unchecked")
        final List<Integer> back = (List<Integer>) q.take();
        back.add(43);
        assertEquals(List.of(42, 43), inner);
        assertEquals(inner.toString(), d.get("inner").toString());
    }

    @Test
    void namespaceValueAndArrayShouldBeSharedWithChildren() throws Exception {
        final NamespaceProxy ns = manager.namespace();
        final ValueProxy<Double> num = manager.value(0.0);
        final ArrayProxy<Integer> arr = manager.array(List.of(0, 1, 2, 3));
        ns.set("x", 1);
        runInChild(() -> {
            ns.set("y", (Integer) ns.get("x") + 1);
            num.set(3.1415927);
            for (int i = 0; i < arr.length(); i++) {
                arr.set(i, -arr.get(i));
            }
        });
        assertEquals(2, (Integer) ns.get("y"));
        assertThrows(NoSuchElementException.class, () -> ns.get("z"));
        assertEquals(3.1415927, num.get());
        assertTrue(num.compareAndSet(3.1415927, 1.0));
        assertFalse(num.compareAndSet(3.1415927, 2.0));
        assertEquals(List.of(0, -1, -2, -3), arr.snapshot());
        assertThrows(IndexOutOfBoundsException.class, () -> arr.get(4));
    }

    @Test
    void userTypesShouldRunOnTheServerAndReportTheirExceptions() throws Exception {
        manager.register(Counter.class, Counter.Impl::new);
        final Counter counter = manager.create(Counter.class);
        assertTrue(Proxy.isProxyClass(counter.getClass()));
        runInChild(() -> {
            for (int i = 0; i < 10; i++) {
                counter.increment();
            }
        });
        assertEquals(11, counter.increment());
        assertEquals("Counter(11)", counter.toString());
        final Counter other = manager.create(Counter.class);
        assertNotEquals(counter, other);
        assertEquals(0, other.get());
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> counter.fail("boom"));
        assertEquals("boom", thrown.getMessage());
        final RemoteFailureException remote = assertThrows(RemoteFailureException.class,
            counter::failUnserializably);
        assertEquals(Counter.Unserializable.class.getName(), remote.remoteType());
        assertTrue(remote.getMessage().contains("holds a thread"), remote.getMessage());
    }

    @Test
    void shouldNameWhatCannotBeSentOrCreated() {
        final List<Object> l = manager.list();
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> l.add(new Object()));
        assertTrue(thrown.getCause() instanceof NotSerializableException);
        assertTrue(thrown.getMessage().contains("java.lang.Object"), thrown.getMessage());
        final IllegalStateException unregistered = assertThrows(IllegalStateException.class,
            () -> manager.create(Runnable.class));
        assertTrue(unregistered.getMessage().contains("java.lang.Runnable"), unregistered.getMessage());
        l.add("the connection is still usable");
        assertEquals(1, l.size());
    }

    @Test
    void setAndQueueIteratorsAndRemoveIfShouldChangeTheCollectionOnTheServer() throws Exception {
        final Set<Integer> s = manager.set(List.of(1, 2, 3, 4));
        assertTrue(s.removeIf(x -> x % 2 == 0));
        assertFalse(s.removeIf(x -> x > 100));
        assertEquals(Set.of(1, 3), s);
        final BlockingQueue<Integer> q = manager.queue();
        q.addAll(List.of(1, 2, 3, 2));
        final Iterator<Integer> it = q.iterator();
        assertEquals(1, it.next());
        assertEquals(2, it.next());
        it.remove();
        assertEquals(List.of(1, 3, 2), List.copyOf(q), "the first element equal to the one returned is removed");
        assertTrue(q.removeIf(x -> x == 3));
        assertFalse(q.removeIf(x -> x > 100));
        runInChild(() -> {
            if (!q.removeIf(x -> x == 1)) {
                throw new AssertionError("the child's removeIf found no 1 in " + q);
            }
        });
        assertEquals(List.of(2), List.copyOf(q));
    }

    // Ports _TestContainers.test_set of Python 3.14 (SyncManager.set()): the set verbs, and a child's adds seen here.
    @Test
    void testSet() throws Exception {
        final Set<String> a = manager.set();
        assertTrue(a.add("a"));
        assertFalse(a.add("a"));
        assertEquals(Set.of("a"), a);
        final Set<String> b = manager.set(List.of("b", "c", "b"));
        assertEquals(Set.of("b", "c"), b);
        assertTrue(b.addAll(List.of("c", "d")));
        assertTrue(b.containsAll(List.of("b", "d")));
        assertTrue(b.removeAll(List.of("d", "x")));
        assertTrue(b.retainAll(List.of("b", "z")));
        assertEquals(Set.of("b"), b);
        assertTrue(b.remove("b"));
        assertFalse(b.remove("b"));
        assertTrue(b.isEmpty());
        final Iterator<String> snapshot = a.iterator();
        a.add("later");
        assertEquals("a", snapshot.next());
        assertFalse(snapshot.hasNext());
        snapshot.remove();
        assertEquals(Set.of("later"), a, "the iterator removes the element it returned, on the server");
        assertThrows(IllegalStateException.class, snapshot::remove);
        a.add("a");
        runInChild(() -> {
            a.add("from a child");
            a.remove("later");
        });
        assertEquals(Set.of("a", "from a child"), a);
        assertEquals("[a, from a child]", a.toString());
        assertTrue(a.contains("from a child"));
        a.clear();
        assertEquals(0, a.size());
        final ConcurrentMap<String, Object> holder = manager.dict();
        holder.put("set", a);
        @SuppressWarnings("unchecked")
        final Set<String> same = (Set<String>) holder.get("set");
        same.add("through the dict");
        assertEquals(Set.of("through the dict"), a);
    }
}
