package dev.mproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.ProcessGoneException;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The manager's life across real processes: start, share, shutdown, and the manager's own death. */
@ExtendWith(NoLeaks.class)
@Timeout(120)
class ManagerTest {

    @TempDir
    Path dir;

    @Test
    void shouldFillDictAndListFromFourProcessesAsTheArticleShows() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<Integer, Integer> d = manager.dict();
            final List<Integer> l = manager.list(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
            final List<Process> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final int n = i;
                children.add(Process.start(() -> {
                    d.put(n, n);
                    l.add(n);
                }));
            }
            for (final Process child : children) {
                child.join();
                assertEquals(0, child.exitCode().getAsInt());
                child.close();
            }
            // The dict keeps insertion order, as Python's; the children finish in any order.
            assertEquals("{0=0, 1=1, 2=2, 3=3}", new java.util.TreeMap<>(d).toString());
            assertEquals(Map.of(0, 0, 1, 1, 2, 2, 3, 3), d);
            assertEquals(14, l.size());
            assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), l.subList(0, 10));
            assertEquals(List.of(0, 1, 2, 3), l.subList(10, 14).stream().sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void shouldRunTheServerInAChildJvmThatExitsAtShutdown() throws Exception {
        final Manager manager = Manager.start();
        final ConcurrentMap<String, Long> d = manager.dict();
        d.put("pid", ProcessHandle.current().pid());
        final long serverPid = manager.serverProcess().pid();
        assertTrue(serverPid != ProcessHandle.current().pid());
        manager.close();
        assertTrue(Children.awaitGone(serverPid, Await.HANG));
        final ManagerUnreachableException failure = assertThrows(ManagerUnreachableException.class, d::size);
        assertTrue(failure.getMessage().contains(manager.address().toString()), failure.getMessage());
        final ProcessGoneException family = assertThrows(ProcessGoneException.class, () -> d.put("k", 1L));
        assertInstanceOf(ManagerUnreachableException.class, family);
        assertInstanceOf(IOException.class, failure.getCause());
    }

    @Test
    void shouldFailEveryCallPromptlyNamingTheAddressWhenTheManagerIsKilled() throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<String, Integer> d = manager.dict();
            final List<Integer> l = manager.list();
            d.put("a", 1);
            final long serverPid = manager.serverProcess().pid();
            ProcessHandle.of(serverPid).orElseThrow().destroyForcibly();
            assertTrue(Children.awaitGone(serverPid, Await.HANG));
            final long start = System.nanoTime();
            for (final Runnable call : List.<Runnable>of(() -> d.get("a"), () -> l.add(1), () -> d.put("b", 2),
                manager::dict)) {
                final ManagerUnreachableException failure = assertThrows(ManagerUnreachableException.class,
                    call::run);
                assertTrue(failure.getMessage().contains(manager.address().toString()), failure.getMessage());
            }
            assertTrue(System.nanoTime() - start < Await.HANG.toNanos(), "the calls failed rather than hang");
        }
    }

    @Test
    void shouldFailABlockedCallWhenTheManagerIsKilled() throws Exception {
        try (Manager manager = Manager.start()) {
            final java.util.concurrent.BlockingQueue<String> q = manager.queue();
            final long serverPid = manager.serverProcess().pid();
            final Thread killer = new Thread(() -> {
                try {
                    Await.until("the take waits on the server", () -> manager.waitingCalls() == 1);
                } catch (final Exception e) {
                    return;
                }
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            });
            killer.start();
            final ManagerUnreachableException failure = assertThrows(ManagerUnreachableException.class, q::take);
            assertTrue(failure.getMessage().contains(manager.address().toString()), failure.getMessage());
            killer.join();
        }
    }

    @Test
    void shouldServeOverTcpToAJvmThatSharesOnlyTheAddressAndTheKey() throws Exception {
        final String key = "a key shared by nobody else";
        final Path portFile = dir.resolve("port");
        final java.lang.Process server = Children.launchJvm(dir, RemoteServerMain.class, portFile.toString(), key);
        try {
            final int port = Integer.parseInt(Children.awaitFile(portFile, Await.HANG));
            final dev.mproc.Address address = dev.mproc.Address.tcp("127.0.0.1", port);
            final dev.mproc.AuthenticationException refused = assertThrows(dev.mproc.AuthenticationException.class,
                () -> Manager.connect(address, "a wrong key".getBytes()));
            assertTrue(refused.getMessage() != null);
            try (Manager manager = Manager.connect(address, key.getBytes())) {
                final Counter board = manager.create(Counter.class);
                assertEquals(1, board.increment());
                final ConcurrentMap<String, Object> d = manager.dict();
                d.put("list", manager.list(List.of("a")));
                // A child of this JVM gets the proxies; the key (not this tree's) travels in their handles.
                final Process child = Process.start(() -> {
                    board.increment();
                    @SuppressWarnings("unchecked")
                    final List<String> inner = (List<String>) d.get("list");
                    inner.add("b");
                });
                child.join();
                assertEquals(0, child.exitCode().getAsInt());
                child.close();
                assertEquals(2, board.get());
                assertEquals("{list=[a, b]}", d.toString());
                final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> board.fail("no such thing"));
                assertEquals("no such thing", thrown.getMessage());
                manager.shutdown();
            }
            assertEquals(0, Children.awaitExit(server, Await.HANG),
                Files.readString(dir.resolve("stderr.txt")));
            assertFalse(server.isAlive());
        } finally {
            server.destroyForcibly();
        }
    }

    // Ports TestInitializers.test_manager_initializer: the initializer runs in the server's process before start
    // returns.
    @Test
    void testManagerInitializer() throws Exception {
        try (Manager mgr = Manager.start()) {
            final NamespaceProxy ns = mgr.namespace();
            ns.set("test", 0);
            try (Manager m = Manager.start(() -> {
                final int test = ns.get("test");
                ns.set("test", test + 1);
                ns.set("pid", ProcessHandle.current().pid());
            })) {
                assertEquals(1, (int) ns.get("test"));
                assertEquals(m.serverProcess().pid(), (long) ns.get("pid"));
                final ConcurrentMap<String, Integer> d = m.dict();
                d.put("served", 1);
                assertEquals(Map.of("served", 1), d);
            }
        }
    }

    // An initializer that throws ends the server's process; start fails saying so and leaves nothing behind.
    @Test
    void startShouldFailWhenTheInitializerThrows() throws Exception {
        final java.io.IOException failure = assertThrows(java.io.IOException.class,
            () -> Manager.start(() -> {
                throw new IllegalStateException("the initializer refuses");
            }));
        assertTrue(failure.getMessage().contains("exited with code 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("initializer"), failure.getMessage());
    }

    // Ports _TestMyManager.test_mymanager and test_mymanager_context: registered types expose their interface's
    // methods, an exception crosses, a registered iterator (CPython's baz generator) is walked through its proxy,
    // and the server's process exits with 0 when the manager is closed.
    @Test
    void testMymanager() throws Exception {
        final Manager manager = Manager.start();
        try (manager) {
            manager.register(Foo.class, FooBar::new);
            manager.register(Bar.class, FooBar::new);
            manager.register(java.util.Iterator.class, () -> IntStream.range(0, 10).map(i -> i * i).iterator());
            final Foo foo = manager.create(Foo.class);
            final Bar bar = manager.create(Bar.class);
            final java.util.Iterator<?> baz = manager.create(java.util.Iterator.class);
            assertEquals("f()", foo.f());
            assertThrows(IllegalArgumentException.class, foo::g);
            assertFalse(foo instanceof Bar);
            assertEquals("f()", bar.f());
            assertEquals("_h()", bar.h());
            final List<Object> walked = new ArrayList<>();
            while (baz.hasNext()) {
                walked.add(baz.next());
            }
            assertEquals(IntStream.range(0, 10).map(i -> i * i).boxed().collect(Collectors.toList()), walked);
        }
        assertEquals(0, manager.serverProcess().exitCode().getAsInt());
    }
}
