package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.FileCounter;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolTest {

    private static final Duration TIMEOUT = Await.HANG;
    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void shouldMapInInputOrderAcrossWorkerProcesses() throws Exception {
        final List<Integer> items = IntStream.rangeClosed(1, 40).boxed().collect(Collectors.toList());
        final List<Integer> squares = items.stream().map(x -> x * x).collect(Collectors.toList());
        try (Pool pool = Pool.create(2)) {
            assertEquals(2, pool.processes());
            assertEquals(squares, pool.map(x -> x * x, items));
            assertEquals(squares, pool.map(x -> x * x, items, 1));
            assertEquals(squares, pool.map(x -> x * x, items, 7));
            assertEquals(squares, pool.<Integer, Integer>mapAsync(x -> x * x, items, 3).get(TIMEOUT));
            assertEquals(List.of(), pool.map(x -> x, List.of()));

            final FileCounter running = FileCounter.create(dir.resolve("running"));
            final List<Long> pids = pool.map(x -> pidOnceTwoRun(running), items.subList(0, 8), 1);
            assertFalse(pids.contains(SELF), "items run in worker processes: " + pids);
            assertEquals(2, new HashSet<>(pids).size(), "both workers took items: " + pids);
        }
    }

    @Test
    void shouldApplyAndCallBackBeforeTheResultIsReady() throws Exception {
        try (Pool pool = Pool.create(1)) {
            final int n = 12;
            assertEquals(144, pool.apply(() -> n * n));
            assertNotEquals(SELF, pool.apply(() -> ProcessHandle.current().pid()));

            final AtomicReference<String> success = new AtomicReference<>();
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final AsyncResult<String> good = pool.applyAsync(() -> "fine", success::set, error::set);
            assertEquals("fine", good.get(TIMEOUT));
            assertEquals("fine", success.get(), "the success callback ran before get() returned");
            assertTrue(good.ready());
            assertTrue(good.successful());
            assertEquals("fine", good.completionStage().toCompletableFuture().get());

            final AsyncResult<String> bad = pool.applyAsync(() -> {
                throw new IllegalArgumentException("bad input");
            }, success::set, error::set);
            assertThrows(ExecutionException.class, () -> bad.get(TIMEOUT));
            assertInstanceOf(IllegalArgumentException.class, error.get());
            assertFalse(bad.successful());
        }
    }

    @Test
    void shouldGiveImapResultsInInputOrderAndImapUnorderedInCompletionOrder() throws Exception {
        // Item 0 is held in one worker until the test releases it; the other worker runs the rest meanwhile.
        final List<Integer> items = List.of(0, 1, 2, 3, 4);
        try (Pool pool = Pool.create(2)) {
            final FileCounter done = FileCounter.create(dir.resolve("done"));
            final Path release = dir.resolve("release-ordered");
            final String releasePath = release.toString();
            final Iterator<Integer> ordered = pool.imap(x -> holdFirst(x, done, releasePath), items);
            Await.until("items 1 to 4 done while item 0 is held", () -> done.value() == 4);
            Files.createFile(release);
            final List<Integer> inOrder = new ArrayList<>();
            ordered.forEachRemaining(inOrder::add);
            assertEquals(items, inOrder);

            final Path releaseUnordered = dir.resolve("release-unordered");
            final String releaseUnorderedPath = releaseUnordered.toString();
            final Iterator<Integer> unordered = pool.imapUnordered(
                x -> holdFirst(x, done, releaseUnorderedPath), items);
            final List<Integer> byCompletion = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byCompletion.add(unordered.next());
            }
            Files.createFile(releaseUnordered);
            unordered.forEachRemaining(byCompletion::add);
            assertEquals(List.of(1, 2, 3, 4, 0), byCompletion);

            final List<Integer> chunked = new ArrayList<>();
            pool.<Integer, Integer>imap(x -> -x, List.of(1, 2, 3, 4, 5), 2).forEachRemaining(chunked::add);
            assertEquals(List.of(-1, -2, -3, -4, -5), chunked);
        }
    }

    @Test
    void shouldCarryTheRemoteExceptionWithTypeMessageAndStackTraceAndKeepTheWorker() throws Exception {
        try (Pool pool = Pool.create(1)) {
            final long worker = pool.apply(() -> ProcessHandle.current().pid());
            final ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new IllegalStateException("boom in a worker");
            }));
            final IllegalStateException remote = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("boom in a worker", remote.getMessage());
            assertTrue(Arrays.stream(remote.getStackTrace()).anyMatch(
                frame -> frame.getClassName().equals("dev.mproc.internal.pool.WorkerLoop")),
                "the stack trace is the worker's: " + Arrays.toString(remote.getStackTrace()));

            final ExecutionException standIn = assertThrows(ExecutionException.class,
                () -> pool.apply(() -> {
                    throw new UnsendableException("holds a thread");
                }));
            final RemoteTaskException stand = assertInstanceOf(RemoteTaskException.class, standIn.getCause());
            assertEquals(UnsendableException.class.getName(), stand.remoteClassName());
            assertEquals("holds a thread", stand.remoteMessage());
            assertTrue(stand.getMessage().contains(UnsendableException.class.getName()), stand.getMessage());
            assertTrue(stand.getStackTrace().length > 0);
            assertEquals(IOException.class.getName(),
                assertInstanceOf(RemoteTaskException.class, stand.getCause()).remoteClassName());

            final ExecutionException mapped = assertThrows(ExecutionException.class,
                () -> pool.map(x -> 10 / x, List.of(5, 2, 0, 1)));
            assertInstanceOf(ArithmeticException.class, mapped.getCause());

            final Iterator<Integer> goesOn = pool.imap(x -> 10 / x, List.of(5, 0, 1));
            assertEquals(2, goesOn.next());
            final CompletionException failedItem = assertThrows(CompletionException.class, goesOn::next);
            assertInstanceOf(ArithmeticException.class, failedItem.getCause());
            assertEquals(10, goesOn.next());
            assertFalse(goesOn.hasNext());

            assertEquals(worker, pool.apply(() -> ProcessHandle.current().pid()), "the worker survived");
        }
    }

    @Test
    void shouldFailOnlyTheTaskOfAWorkerKilledMidTaskAndGoOn() throws Exception {
        final String pidFile = dir.resolve("victim").toString();
        final String bystanderStarted = dir.resolve("bystander-started").toString();
        final String bystanderGo = dir.resolve("bystander-go").toString();
        try (Pool pool = Pool.create(2)) {
            final AsyncResult<String> victim = pool.applyAsync(() -> {
                Files.writeString(Path.of(pidFile), Long.toString(ProcessHandle.current().pid()));
                Await.untilKilled();
                return "never";
            });
            final long pid = Long.parseLong(Children.awaitFile(Path.of(pidFile), TIMEOUT));
            // The bystander runs in the other worker across the kill.
            final AsyncResult<Integer> bystander = pool.applyAsync(() -> {
                Files.writeString(Path.of(bystanderStarted), "started");
                Await.until("released", () -> Files.exists(Path.of(bystanderGo)));
                return 7;
            });
            Children.awaitFile(Path.of(bystanderStarted), TIMEOUT);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            final ExecutionException e = assertThrows(ExecutionException.class, () -> victim.get(TIMEOUT));
            final WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertEquals(pid, lost.pid());
            assertEquals(OptionalInt.of(137), lost.exitCode());
            assertTrue(lost.workerName().startsWith("PoolWorker-"), lost.workerName());
            assertTrue(lost.getMessage().contains(Long.toString(pid)), lost.getMessage());
            assertFalse(bystander.ready(), "the bystander is still held");
            Files.createFile(Path.of(bystanderGo));
            assertEquals(7, bystander.get(TIMEOUT));

            // Two items run at once only when the replacement has joined the survivor.
            final FileCounter running = FileCounter.create(dir.resolve("running"));
            final List<Long> after = pool.map(x -> pidOnceTwoRun(running), List.of(1, 2, 3, 4, 5, 6), 1);
            assertFalse(after.contains(pid));
            assertEquals(2, new HashSet<>(after).size(), "a replacement joined the pool: " + after);
        }
    }

    @Test
    void shouldFailOnlyTheTaskThatExitsItsWorker() throws Exception {
        try (Pool pool = Pool.create(1)) {
            final long first = pool.apply(() -> ProcessHandle.current().pid());
            final AsyncResult<Object> exits = pool.applyAsync(() -> {
                Processes.exit(3);
                return null;
            });
            final AsyncResult<Integer> queuedBehind = pool.applyAsync(() -> 42);
            final ExecutionException e = assertThrows(ExecutionException.class, () -> exits.get(TIMEOUT));
            final WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertEquals(first, lost.pid());
            assertEquals(OptionalInt.of(3), lost.exitCode());
            assertEquals(42, queuedBehind.get(TIMEOUT));
            assertNotEquals(first, pool.apply(() -> ProcessHandle.current().pid()));
        }
    }

    @Test
    void shouldReplaceAWorkerThatRunsOutOfMemory() throws Exception {
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-Xmx64m").create()) {
            final ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                final List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }));
            final WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertTrue(lost.exitCode().isPresent() && lost.exitCode().getAsInt() != 0, lost.getMessage());
            assertEquals("still here", pool.apply(() -> "still here"));
        }
    }

    @Test
    void shouldReplaceWorkersAfterMaxTasksPerChild() throws Exception {
        try (Pool pool = Pool.builder().processes(1).maxTasksPerChild(2).create()) {
            final List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.apply(() -> ProcessHandle.current().pid()));
            }
            assertEquals(pids.get(0), pids.get(1));
            assertEquals(pids.get(2), pids.get(3));
            assertEquals(pids.get(4), pids.get(5));
            assertEquals(3, new HashSet<>(pids).size(), "a fresh worker every 2 tasks: " + pids);
            assertTrue(Children.awaitGone(pids.get(0), TIMEOUT), "a retired worker exits");
        }
    }

    @Test
    void shouldRunTheInitializerOncePerWorkerBeforeItsTasks() throws Exception {
        final String log = dir.resolve("init").toString();
        final Set<Long> workers;
        try (Pool pool = Pool.builder().processes(2).initializer(() -> {
            Files.writeString(Path.of(log), ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            System.setProperty("pool.test.initialized", "yes");
        }).create()) {
            final FileCounter running = FileCounter.create(dir.resolve("running"));
            final List<String> seen = pool.map(x -> pidOnceTwoRun(running) + " "
                + System.getProperty("pool.test.initialized"), IntStream.range(0, 12).boxed()
                .collect(Collectors.toList()), 1);
            workers = seen.stream().map(s -> Long.parseLong(s.split(" ")[0])).collect(Collectors.toSet());
            assertTrue(seen.stream().allMatch(s -> s.endsWith(" yes")), seen.toString());
            assertEquals(2, workers.size(), "both workers took items: " + seen);
        }
        final List<Long> initialized = Files.readAllLines(Path.of(log)).stream().map(Long::parseLong)
            .collect(Collectors.toList());
        assertEquals(new HashSet<>(initialized).size(), initialized.size(), "once per worker: " + initialized);
        assertTrue(initialized.containsAll(workers), initialized + " " + workers);
    }

    @Test
    void shouldTakeWorkAsSoonAsTheFirstWorkerIsReady() throws Exception {
        final String claim = dir.resolve("first").toString();
        final String slowDone = dir.resolve("slow-done").toString();
        final String slowGo = dir.resolve("slow-go").toString();
        try (Pool pool = Pool.builder().processes(2).initializer(() -> {
            try {
                Files.createFile(Path.of(claim));
            } catch (final java.nio.file.FileAlreadyExistsException taken) {
                Await.until("released", () -> Files.exists(Path.of(slowGo)));
                Files.writeString(Path.of(slowDone), "done");
            }
        }).create()) {
            assertEquals("served", pool.applyAsync(() -> "served").get(TIMEOUT));
            assertTrue(Files.notExists(Path.of(slowDone)), "the result came while the other worker was starting");
            Files.createFile(Path.of(slowGo));
        }
    }

    @Test
    void shouldFailWorkRatherThanHangWhenTheInitializerFails() throws Exception {
        try (Pool pool = Pool.builder().processes(2).initializer(() -> {
            throw new IllegalStateException("no database");
        }).create()) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(() -> 1).get(TIMEOUT));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("initializer failed"), e.getCause().getMessage());
            assertEquals("no database", e.getCause().getCause().getMessage());
            assertThrows(ExecutionException.class, () -> pool.applyAsync(() -> 2).get(TIMEOUT));
        }
    }

    @Test
    void shouldFailWorkRatherThanHangWhenWorkersCannotStart() throws Exception {
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-XX:+NoSuchMprocOption").create()) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(() -> 1).get(TIMEOUT));
            assertTrue(e.getCause().getMessage().contains("cannot start"), e.getCause().getMessage());
        } catch (final IOException e) {
            assertTrue(e.getMessage().contains("exited before it took its task"), e.getMessage());
        }
    }

    @Test
    void shouldTerminateNowCancellingUnfinishedWork() throws Exception {
        final String pids = dir.resolve("pids").toString();
        final Pool pool = Pool.create(2);
        final List<AsyncResult<String>> sleepers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sleepers.add(pool.applyAsync(() -> {
                Files.writeString(Path.of(pids), ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
                Await.untilKilled();
                return "never";
            }));
        }
        Await.until("both workers run a sleeper",
            () -> Files.exists(Path.of(pids)) && Files.readAllLines(Path.of(pids)).size() >= 2);
        final long start = System.nanoTime();
        pool.terminate();
        // The sleepers would block for minutes: returning within the hang bound is not waiting for them.
        assertTrue(System.nanoTime() - start < TIMEOUT.toNanos(), "terminate does not wait for work");
        for (final AsyncResult<String> sleeper : sleepers) {
            assertTrue(sleeper.isCancelled());
            assertThrows(CancellationException.class, sleeper::get);
        }
        for (final String pid : Files.readAllLines(Path.of(pids))) {
            assertTrue(Children.awaitGone(Long.parseLong(pid), TIMEOUT), "worker " + pid + " ended");
        }
        assertTrue(pool.join(TIMEOUT));
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1));
    }

    @Test
    void shouldFinishSubmittedWorkOnCloseThenJoin() throws Exception {
        final Pool pool = Pool.create(2);
        assertThrows(IllegalStateException.class, pool::join, "join before close, as Python refuses");
        final String go = dir.resolve("go").toString();
        final List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            final int n = i;
            results.add(pool.applyAsync(() -> {
                Await.until("released", () -> Files.exists(Path.of(go)));
                return n;
            }));
        }
        // The work is held until close() has begun, so close() finds all of it unfinished.
        final Thread closer = new Thread(pool::close, "closer");
        closer.start();
        Await.until("close() has begun", () -> closing(pool));
        assertTrue(results.stream().noneMatch(AsyncResult::ready));
        Files.createFile(Path.of(go));
        closer.join(TIMEOUT.toMillis());
        assertFalse(closer.isAlive(), "close() returned once the work finished");
        for (int i = 0; i < 6; i++) {
            assertTrue(results.get(i).ready());
            assertEquals(i, results.get(i).get());
        }
        pool.join();
        assertTrue(pool.join(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1));
        pool.close();
    }

    @Test
    void shouldRejectWhatCannotBeSentAtSubmitNamingTheClass() throws Exception {
        final Thread notSerializable = new Thread(() -> { });
        try (Pool pool = Pool.create(1)) {
            final UncheckedIOException task = assertThrows(UncheckedIOException.class,
                () -> pool.applyAsync(notSerializable::getName));
            assertTrue(task.getMessage().contains("java.lang.Thread"), task.getMessage());

            final UncheckedIOException item = assertThrows(UncheckedIOException.class,
                () -> pool.map(Object::toString, List.of("fine", notSerializable)));
            assertTrue(item.getMessage().contains("java.lang.Thread") && item.getMessage().contains("item 1"),
                item.getMessage());
            assertEquals("ok", pool.apply(() -> "ok"), "nothing was sent; the pool is fine");
        }
    }

    @Test
    void shouldAttachHandlesCapturedByTasksInTheWorker() throws Exception {
        final FileCounter counter = FileCounter.create(dir.resolve("counter"));
        try (Pool pool = Pool.create(2)) {
            final List<Long> attachedIn = pool.map(x -> {
                counter.increment();
                return counter.attachedIn();
            }, List.of(1, 2, 3, 4, 5), 1);
            assertFalse(attachedIn.contains(SELF), "the counter re-attached in the workers: " + attachedIn);
            assertEquals(5, counter.value(), "every worker's increment reached the shared file");
        }
    }

    @Test
    void shouldStarmapFunctionsOfTwoArgumentsOverPairs() throws Exception {
        try (Pool pool = Pool.create(2)) {
            final List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(2, 3), Map.entry(4, 5),
                Map.entry(6, 7));
            assertEquals(List.of(6, 20, 42), pool.starmap((a, b) -> a * b, pairs));
            assertEquals(List.of("a=1", "b=2"), pool.<String, Integer, String>starmapAsync((k, v) -> k + "=" + v,
                new java.util.TreeMap<>(Map.of("a", 1, "b", 2)).entrySet(), 1).get(TIMEOUT));
        }
    }

    /** Runs in a worker: counts itself in, then waits until two items run at once, so two workers took items. */
    private static long pidOnceTwoRun(final FileCounter running) throws Exception {
        running.increment();
        Await.until("a second worker took an item", () -> running.value() >= 2);
        return ProcessHandle.current().pid();
    }

    /**
     * Runs in a worker: item 0 waits for the release file; the others count themselves done. Each of those takes a
     * few milliseconds, as real work does: the pool queues a unit behind a running one only for work whose units
     * ran in under a millisecond, and one queued behind the held item would be held too.
     */
    private static int holdFirst(final int item, final FileCounter done, final String release) throws Exception {
        if (item == 0) {
            Await.until("released", () -> Files.exists(Path.of(release)));
        } else {
            Await.work(Duration.ofMillis(5));
            done.increment();
        }
        return item;
    }

    /** @return whether close() or terminate() has begun: join refuses to wait on a pool that is still open */
    private static boolean closing(final Pool pool) throws InterruptedException {
        try {
            pool.join(Duration.ZERO);
            return true;
        } catch (final IllegalStateException open) {
            return false;
        }
    }

    /** An exception that cannot cross: it holds a thread. */
    static final class UnsendableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial") // not serializable on purpose: this exception must fail to cross
        private final Thread thread = new Thread(() -> { });

        UnsendableException(final String message) {
            super(message, new IOException("the cause"));
        }

        @Override
        public String toString() {
            return super.toString() + " " + thread.getName();
        }
    }

    /**
     * CPython's {@code test_pool_initializer}: a pool of one worker closed before any task still runs the worker's
     * initializer, and its join returns once the worker has ended.
     */
    @Test
    void test_pool_initializer() throws Exception {
        final FileCounter initialized = FileCounter.create(dir.resolve("initialized"));
        final Pool pool = Pool.builder().processes(1).initializer(initialized::increment).create();
        pool.close();
        assertTrue(pool.join(Await.HANG));
        assertEquals(1, initialized.value());
    }
}
