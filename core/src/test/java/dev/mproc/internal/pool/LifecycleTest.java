package dev.mproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's states and what close() waits for, in one JVM: no worker, no socket. */
@Timeout(60)
class LifecycleTest {

    private final ReentrantLock lock = new ReentrantLock();
    private final Lifecycle lifecycle = new Lifecycle(lock);

    @Test
    void shouldTakeNoWorkOnceClosingAndWantWorkersOnlyWhileWorkIsOwed() {
        lifecycle.checkRunning();
        assertTrue(lifecycle.needsWorkers(), "running: work may come");
        lifecycle.owe(2);
        assertEquals(List.of(), lifecycle.beginClose(), "no open work to tell");
        assertTrue(lifecycle.closing());
        assertEquals("the pool is closed; it takes no more work",
            assertThrows(IllegalStateException.class, lifecycle::checkRunning).getMessage());
        assertTrue(lifecycle.needsWorkers(), "closing with units pending: a lost worker is still replaced");
        lifecycle.finished(2);
        assertFalse(lifecycle.needsWorkers(), "closing with nothing owed");
    }

    @Test
    void shouldWaitOnCloseUntilNothingIsOwedAndNoWorkerIsStarting() throws Exception {
        final AtomicBoolean starting = new AtomicBoolean(true);
        lifecycle.owe(1);
        lifecycle.beginClose();
        final CompletableFuture<Boolean> idle = new CompletableFuture<>();
        // Asked only once nothing is owed: counts that close() woke after finished(1) and looked again.
        final AtomicInteger askedStarting = new AtomicInteger();
        final Thread closer = new Thread(() -> idle.complete(lifecycle.awaitIdle(() -> {
            askedStarting.incrementAndGet();
            return starting.get();
        })));
        closer.start();
        Await.until("close() waits", () -> closer.getState() == Thread.State.WAITING);
        lifecycle.finished(1);
        // Still WAITING from before finished(1) until it runs again: wait for the look that the assertion is about.
        Await.until("close() looked again and waits again",
            () -> askedStarting.get() > 0 && closer.getState() == Thread.State.WAITING);
        assertFalse(idle.isDone(), "a worker is still starting");
        lock.lock();
        try {
            starting.set(false);
            lifecycle.changed();
        } finally {
            lock.unlock();
        }
        assertTrue(idle.get(Await.HANG.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void shouldStopWaitingOnCloseWhenInterruptedOrTerminated() throws Exception {
        lifecycle.owe(1);
        lifecycle.beginClose();
        final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        final Thread closer = new Thread(() -> interrupted.complete(lifecycle.awaitIdle(() -> false)));
        closer.start();
        Await.until("close() waits", () -> closer.getState() == Thread.State.WAITING);
        closer.interrupt();
        assertFalse(interrupted.get(Await.HANG.toSeconds(), TimeUnit.SECONDS), "interrupted: the pool terminates");

        final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
        final Thread second = new Thread(() -> terminated.complete(lifecycle.awaitIdle(() -> false)));
        second.start();
        Await.until("close() waits", () -> second.getState() == Thread.State.WAITING);
        lock.lock();
        try {
            assertTrue(lifecycle.stop(true));
            lifecycle.changed();
        } finally {
            lock.unlock();
        }
        assertTrue(terminated.get(Await.HANG.toSeconds(), TimeUnit.SECONDS), "no longer closing: done waiting");
    }

    @Test
    void shouldTellOpenWorksOnceWhenClosingAndAgainWhenTerminated() {
        final AtomicInteger told = new AtomicInteger();
        final Work open = new Work(1, new byte[0], new StreamSink<>(true), told::incrementAndGet);
        lifecycle.opened(open);
        assertTrue(lifecycle.needsWorkers());
        lifecycle.beginClose().forEach(Runnable::run);
        assertEquals(List.of(), lifecycle.beginClose(), "closing once");
        assertEquals(1, told.get());
        assertTrue(lifecycle.stop(true), "terminated now: its work is cancelled");
        lifecycle.openWorkListeners().forEach(Runnable::run);
        assertEquals(2, told.get());
        assertFalse(lifecycle.stop(true), "terminated once");
        assertFalse(lifecycle.stop(false));
        assertTrue(lifecycle.terminated(), "a stop after terminate leaves it terminated");
        assertEquals("the pool is terminated; it takes no more work",
            assertThrows(IllegalStateException.class, lifecycle::checkRunning).getMessage());
        lifecycle.ended(open);
        assertEquals(List.of(), lifecycle.openWorkListeners());
    }

    @Test
    void shouldLetTheFirstShutdownEndTheWorkersAndJoinWaitForIt() throws Exception {
        assertThrows(IllegalStateException.class, () -> lifecycle.join(0), "running: nothing to join");
        assertFalse(lifecycle.stop(false), "closed, not terminated");
        assertEquals("stopped", lifecycle.toString());
        assertTrue(lifecycle.beginShutdown());
        assertFalse(lifecycle.beginShutdown(), "a later shutdown waits for the first");
        assertTrue(lifecycle.shutdownStarted());
        assertFalse(lifecycle.join(0));
        lifecycle.stopped();
        assertTrue(lifecycle.join(0));
        lifecycle.awaitStopped();
    }
}
