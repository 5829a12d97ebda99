package dev.mproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.testing.Await;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The results of an imap in one JVM: their order, the input's failure in its place, the feeder's window, close. */
@Timeout(60)
class StreamSinkTest {

    private static Unit unit(final StreamSink<?> sink, final long ordinal) {
        return new Unit(ordinal, new Work(1, new byte[0], 2, sink), ordinal, ordinal, new byte[0]);
    }

    @Test
    void shouldGiveOrderedResultsInUnitOrderWhateverTheOrderTheyArrive() {
        final StreamSink<Integer> sink = new StreamSink<>(true);
        sink.accept(unit(sink, 2), new Object[] {4, 5});
        sink.accept(unit(sink, 0), new Object[] {0, 1});
        sink.fail(unit(sink, 1), new IllegalStateException("unit 1"));
        sink.inputEnded(3);
        assertEquals(0, sink.next());
        assertEquals(1, sink.next());
        final CompletionException failed = assertThrows(CompletionException.class, sink::next);
        assertEquals("unit 1", failed.getCause().getMessage());
        assertEquals(4, sink.next());
        assertEquals(5, sink.next());
        assertFalse(sink.hasNext());
        assertThrows(NoSuchElementException.class, sink::next);
    }

    @Test
    void shouldThrowTheInputsOwnExceptionAsItselfInItsPlaceAndEndThere() {
        final StreamSink<Integer> sink = new StreamSink<>(true);
        final IllegalArgumentException thrown = new IllegalArgumentException("the input failed");
        sink.inputFailed(1, thrown);
        sink.accept(unit(sink, 0), new Object[] {7});
        assertEquals(7, sink.next());
        assertSame(thrown, assertThrows(IllegalArgumentException.class, sink::next));
        assertFalse(sink.hasNext());
    }

    @Test
    void shouldGiveUnorderedResultsInArrivalOrderUntilTheUnitsKnownAreTaken() {
        final StreamSink<Integer> sink = new StreamSink<>(false);
        sink.accept(unit(sink, 1), new Object[] {1});
        sink.inputFailed(2, new IllegalArgumentException("the input failed"));
        sink.accept(unit(sink, 0), new Object[] {0});
        assertEquals(1, sink.next());
        assertThrows(IllegalArgumentException.class, sink::next);
        assertEquals(0, sink.next(), "results of units still running come after the input's failure");
        assertFalse(sink.hasNext());
    }

    @Test
    void shouldHoldTheFeederAWindowAheadOfTheConsumer() throws Exception {
        final StreamSink<Integer> sink = new StreamSink<>(true);
        assertTrue(sink.awaitRoom(0, 2));
        assertTrue(sink.awaitRoom(1, 2));
        sink.accept(unit(sink, 0), new Object[] {0});
        sink.accept(unit(sink, 1), new Object[] {1});
        final CompletableFuture<Boolean> third = new CompletableFuture<>();
        final Thread feeder = start(() -> third.complete(sink.awaitRoom(2, 2)));
        Await.until("two units ahead: the feeder waits", () -> feeder.getState() == Thread.State.WAITING);
        assertFalse(third.isDone());
        assertEquals(0, sink.next());
        assertTrue(third.get(30, TimeUnit.SECONDS), "a result taken makes room");
    }

    @Test
    void shouldWakeTheFeederToLookAtThePoolAgain() throws Exception {
        final StreamSink<Integer> sink = new StreamSink<>(true);
        sink.wake();
        assertFalse(sink.awaitRoom(5, 1), "woken: the feeder looks at the pool before it goes on");
        assertTrue(sink.awaitRoom(0, 1), "once");
    }

    @Test
    void shouldEndTheResultsStopTheFeederAndDropLateResultsWhenClosed() throws Exception {
        final StreamSink<Integer> sink = new StreamSink<>(true);
        sink.accept(unit(sink, 0), new Object[] {0});
        final List<Object> taken = new CopyOnWriteArrayList<>();
        final Thread consumer = start(() -> {
            while (sink.hasNext()) {
                taken.add(sink.next());
            }
        });
        final CompletableFuture<Boolean> fed = new CompletableFuture<>();
        final Thread feeder = start(() -> fed.complete(sink.awaitRoom(5, 1)));
        Await.until("the consumer waits for unit 1, the feeder for room", () -> taken.size() == 1
            && consumer.getState() == Thread.State.WAITING && feeder.getState() == Thread.State.WAITING);
        sink.close();
        assertTrue(sink.isDone(), "units not started are skipped");
        assertFalse(fed.get(30, TimeUnit.SECONDS), "the feeder stops");
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(consumer.isAlive(), "the consumer sees the end");
        assertEquals(List.of(0), taken);
        sink.accept(unit(sink, 1), new Object[] {1});
        assertFalse(sink.hasNext(), "a late result is dropped");
    }

    /** An action of a test thread, which may throw. */
    private interface Action {
        void run() throws Exception;
    }

    private static Thread start(final Action action) {
        final Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (final Exception e) {
                throw new CompletionException(e);
            }
        }, "stream-sink-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
