package dev.mproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Processes;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.WireFuzz;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool's connect-back socket under garbage, and when its workers start. */
@ExtendWith(NoLeaks.class)
@Timeout(180)
class PoolEngineResilienceTest {

    private static final long WAIT_SECONDS = 60;

    private static <T> T apply(final PoolEngine engine, final dev.mproc.Job<T> job) throws Exception {
        final SingleSink<T> sink = new SingleSink<>(null, null);
        engine.submit(job, sink);
        return sink.future().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void shouldConnectANewWorkerAfterGarbageAndRandomFramesOnItsSocket() throws Exception {
        final PoolEngine engine = PoolEngine.start(1, null, 1, List.of());
        try {
            final UnixDomainSocketAddress address = UnixDomainSocketAddress.of(engine.socketPath());
            WireFuzz.garbageBeforeHandshake(address, 15, 40);
            WireFuzz.framesAfterHandshake(address, Processes.authkey(), 15, 40, 4, WireFuzz::randomFrame);
            // One task per worker: each answer below comes from a worker that connected back after the fuzz.
            assertEquals(1, apply(engine, () -> 1));
            assertEquals(2, apply(engine, () -> 2));
        } finally {
            engine.terminate();
        }
    }

    @Test
    void shouldStartNoReplacementOnceTheJvmIsShuttingDown() throws Exception {
        final AtomicBoolean exiting = new AtomicBoolean();
        final PoolEngine engine = PoolEngine.start(1, null, 0, List.of(), exiting::get);
        try {
            final long pid = apply(engine, () -> ProcessHandle.current().pid());
            exiting.set(true);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            assertTrue(Children.awaitGone(pid, Duration.ofSeconds(WAIT_SECONDS)));
            // The worker is forgotten and its replacement decided on in one step under the lock: no worker left
            // means none was decided on.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!engine.toString().contains("workers=[]") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(engine.toString().contains("workers=[]"), engine.toString());
            assertTrue(Processes.activeChildren().isEmpty(), Processes.activeChildren().toString());
        } finally {
            engine.terminate();
        }
    }

    @Test
    void shouldStartAWorkerJvmWithoutHoldingThePoolsLock() throws Exception {
        final CountDownLatch launching = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean block = new AtomicBoolean();
        final BooleanSupplier exiting = () -> {
            // Asked by the thread about to start a worker's JVM: hold it there, as a slow fork would.
            if (block.get() && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                frame -> frame.getMethodName().equals("launch")))) {
                block.set(false);
                launching.countDown();
                try {
                    release.await();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        };
        final PoolEngine engine = PoolEngine.start(1, null, 1, List.of(), exiting);
        try {
            block.set(true);
            assertEquals(1, apply(engine, () -> 1));
            assertTrue(launching.await(WAIT_SECONDS, TimeUnit.SECONDS), "the worker retired; a replacement starts");
            final SingleSink<Integer> sink = new SingleSink<>(null, null);
            CompletableFuture.runAsync(() -> engine.submit(() -> 2, sink)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(CompletableFuture.supplyAsync(engine::toString).get(WAIT_SECONDS, TimeUnit.SECONDS)
                .contains("pending=1"), "submitting and looking do not wait for the fork");
            release.countDown();
            assertEquals(2, sink.future().get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            engine.terminate();
        }
    }
}
