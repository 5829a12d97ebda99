package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sentinel's bookkeeping, in one JVM: actions run once, when the event happens, unless removed first. */
class SentinelTest {

    @Test
    void shouldRunEachActionOnceWhenTheEventHappens() {
        final CompletableFuture<Void> event = new CompletableFuture<>();
        final Sentinel sentinel = new Sentinel("test event", event, () -> false);
        final List<String> ran = new ArrayList<>();
        sentinel.onReady(() -> ran.add("first"));
        sentinel.onReady(() -> ran.add("second"));
        assertFalse(sentinel.isReady());
        assertEquals(List.of(), ran);

        event.complete(null);
        assertTrue(sentinel.isReady());
        assertEquals(List.of("first", "second"), ran);
        event.obtrudeValue(null);
        assertEquals(List.of("first", "second"), ran, "run once");
        assertEquals("Sentinel[test event, ready]", sentinel.toString());
    }

    @Test
    void shouldRunAnActionRegisteredLateAtOnceOnTheCallingThread() {
        final Sentinel sentinel = new Sentinel("done", CompletableFuture.failedFuture(new IllegalStateException()),
            () -> false);
        assertTrue(sentinel.isReady(), "an event that failed has happened too");
        final Thread[] ranOn = new Thread[1];
        sentinel.onReady(() -> ranOn[0] = Thread.currentThread()).close();
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void shouldNotRunARemovedAction() {
        final CompletableFuture<Void> event = new CompletableFuture<>();
        final Sentinel sentinel = new Sentinel("test event", event, () -> false);
        final Runnable action = () -> {
            throw new AssertionError("a removed action ran");
        };
        final AtomicBoolean kept = new AtomicBoolean();
        final Sentinel.Registration removed = sentinel.onReady(action);
        final Sentinel.Registration twice = sentinel.onReady(action);
        sentinel.onReady(() -> kept.set(true));
        removed.close();
        removed.close();
        twice.close();
        event.complete(null);
        assertTrue(kept.get());
    }

    @Test
    void shouldBeReadyAsSoonAsTheProbeSaysSoAndRunTheActionsThen() {
        final AtomicBoolean ended = new AtomicBoolean();
        final Sentinel sentinel = new Sentinel("probed", new CompletableFuture<>(), ended::get);
        final AtomicBoolean ran = new AtomicBoolean();
        sentinel.onReady(() -> ran.set(true));
        assertFalse(sentinel.isReady());
        ended.set(true);
        assertTrue(sentinel.isReady());
        assertTrue(ran.get());
    }

    @Test
    void shouldRunTheOtherActionsWhenOneThrows() {
        final CompletableFuture<Void> event = new CompletableFuture<>();
        final Sentinel sentinel = new Sentinel("test event", event, () -> false);
        final AtomicBoolean ran = new AtomicBoolean();
        sentinel.onReady(() -> {
            throw new IllegalStateException("expected failure of a test action");
        });
        sentinel.onReady(() -> ran.set(true));
        event.complete(null);
        assertTrue(ran.get());
        assertTrue(sentinel.isReady());
    }
}
