package dev.mproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The pool's dispatch policy alone, with workers named by strings and its orders written down: no socket, thread or
 * process.
 */
class DispatcherTest {

    private static final long FAST = Dispatcher.FAST_UNIT_NANOS - 1;
    private static final long SLOW = Dispatcher.FAST_UNIT_NANOS;

    /** The orders, in the form "send w1 u3 +f" (with the function), "forget w1 work 1", "fail u3 why", "skip u3". */
    private final List<String> orders = new ArrayList<>();
    private final Dispatcher.Orders<String> recorder = new Dispatcher.Orders<>() {
        @Override
        public void send(final String worker, final Unit unit, final boolean withFunction) {
            orders.add("send " + worker + " u" + unit.id + (withFunction ? " +f" : ""));
        }

        @Override
        public void forget(final String worker, final long workId) {
            orders.add("forget " + worker + " work " + workId);
        }

        @Override
        public void fail(final Unit unit, final Throwable cause) {
            orders.add("fail u" + unit.id + " " + cause.getMessage());
        }

        @Override
        public void skip(final Unit unit) {
            orders.add("skip u" + unit.id);
        }
    };
    private long nextUnitId = 1;

    /** A sink that only says whether its results are still wanted. */
    private static final class Wanted extends ResultSink {
        boolean done;

        @Override
        void accept(final Unit unit, final Object[] values) {
            throw new AssertionError("the dispatcher delivers nothing");
        }

        @Override
        void fail(final Unit unit, final Throwable cause) {
            throw new AssertionError("the dispatcher delivers nothing");
        }

        @Override
        boolean isDone() {
            return done;
        }
    }

    private static Work work(final long id, final int units) {
        return new Work(id, new byte[0], units, new Wanted());
    }

    /** Queues the units of a work, ids counting on from the last; returns them. */
    private List<Unit> queue(final Dispatcher<String> dispatcher, final Work work, final int units) {
        final List<Unit> queued = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            final Unit unit = new Unit(nextUnitId++, work, i, i, new byte[0]);
            dispatcher.queue(unit);
            queued.add(unit);
        }
        return queued;
    }

    private static Dispatcher<String> withReadyWorkers(final int maxTasks, final String... workers) {
        final Dispatcher<String> dispatcher = new Dispatcher<>(maxTasks);
        for (final String worker : workers) {
            dispatcher.add(worker);
            dispatcher.ready(worker);
        }
        return dispatcher;
    }

    /** @return the orders given since the last call */
    private List<String> taken() {
        final List<String> given = List.copyOf(orders);
        orders.clear();
        return given;
    }

    @Test
    void shouldHandOutUnitsInOrderOneAtATimeAndOnlyToReadyWorkers() {
        final Dispatcher<String> dispatcher = new Dispatcher<>(0);
        dispatcher.add("w1");
        dispatcher.add("w2");
        queue(dispatcher, work(1, 3), 3);
        dispatcher.pump(recorder);
        assertEquals(List.of(), taken(), "no worker is ready");
        dispatcher.ready("w2");
        dispatcher.pump(recorder);
        assertEquals(List.of("send w2 u1 +f"), taken());
        dispatcher.ready("w1");
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u2 +f"), taken());
        dispatcher.pump(recorder);
        assertEquals(List.of(), taken(), "each runs one unit and none is known to be fast");
        assertEquals(1, dispatcher.pendingCount());
    }

    @Test
    void shouldServeWorkersInTheOrderTheyWereAddedNotTheOrderTheyBecameReady() {
        final Dispatcher<String> dispatcher = new Dispatcher<>(0);
        dispatcher.add("w1");
        dispatcher.add("w2");
        dispatcher.ready("w2");
        dispatcher.ready("w1");
        queue(dispatcher, work(1, 2), 2);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f", "send w2 u2 +f"), taken());
    }

    @Test
    void shouldSendAFunctionOnceToEachWorkerAndHaveItDroppedAfterTheWorksLastUnit() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work work = work(1, 3);
        final List<Unit> units = queue(dispatcher, work, 3);
        dispatcher.pump(recorder);
        assertSame(units.get(0), dispatcher.answered("w1", 1, SLOW, recorder));
        dispatcher.pump(recorder);
        assertSame(units.get(1), dispatcher.answered("w1", 2, SLOW, recorder));
        dispatcher.pump(recorder);
        assertSame(units.get(2), dispatcher.answered("w1", 3, SLOW, recorder));
        assertEquals(List.of("send w1 u1 +f", "send w1 u2", "send w1 u3", "forget w1 work 1"), taken());
        assertEquals(0, work.unitsLeft);
    }

    @Test
    void shouldNeitherKeepNorForgetTheFunctionOfAWorkOfOneUnit() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        queue(dispatcher, work(1, 1), 1);
        queue(dispatcher, work(2, 1), 1);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 1, SLOW, recorder);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 2, SLOW, recorder);
        assertEquals(List.of("send w1 u1 +f", "send w1 u2 +f"), taken());
    }

    @Test
    void shouldQueueTwoDeepAtAWorkerOnlyWhileTheWorksUnitsRunFast() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        queue(dispatcher, work(1, 6), 6);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f"), taken());
        dispatcher.answered("w1", 1, FAST, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u2", "send w1 u3"), taken(), "fast: the next goes before the answer");
        dispatcher.answered("w1", 2, SLOW, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of(), taken(), "slow: one at a time again, and u3 is still there");
        dispatcher.answered("w1", 3, SLOW, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u4"), taken());
    }

    @Test
    void shouldRefuseAnAnswerToAUnitTheWorkerIsNotRunningAndChangeNothing() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work work = work(1, 2);
        queue(dispatcher, work, 2);
        dispatcher.pump(recorder);
        taken();
        assertNull(dispatcher.answered("w1", 2, SLOW, recorder), "u2 is queued, not running");
        assertNull(dispatcher.answered("w1", 99, SLOW, recorder), "no such unit");
        assertNull(dispatcher.answered("w9", 1, SLOW, recorder), "no such worker");
        assertEquals(2, work.unitsLeft);
        assertNotNull(dispatcher.answered("w1", 1, SLOW, recorder));
    }

    @Test
    void shouldFailTheUnitALostWorkerWasRunningAndRequeueThoseBehindItAtTheFront() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work work = work(1, 5);
        final List<Unit> units = queue(dispatcher, work, 5);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 1, FAST, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f", "send w1 u2", "send w1 u3"), taken());

        final Unit running = dispatcher.lose("w1");
        assertSame(units.get(1), running, "the oldest unit not answered is the one it was running");
        assertEquals(3, dispatcher.pendingCount(), "u3, never started, is back in the queue with u4 and u5");
        dispatcher.fail(running, new IllegalStateException("lost"), recorder);
        assertEquals(List.of("fail u2 lost"), taken(), "no FORGET: the worker that held the function is gone");
        assertEquals(3, work.unitsLeft);

        dispatcher.add("w2");
        dispatcher.ready("w2");
        dispatcher.pump(recorder);
        assertEquals(List.of("send w2 u3 +f", "send w2 u4"), taken(),
            "the requeued unit goes first, with the function the new worker does not hold; the work is still fast");
        assertNull(dispatcher.lose("w1"), "a worker is lost once");
    }

    @Test
    void shouldRequeueAllOfALostWorkersUnitsWhenItWasRunningNone() {
        final Dispatcher<String> dispatcher = new Dispatcher<>(0);
        dispatcher.add("w1");
        queue(dispatcher, work(1, 2), 2);
        assertNull(dispatcher.lose("w1"), "a worker lost while starting ran nothing");
        assertEquals(2, dispatcher.pendingCount());
    }

    @Test
    void shouldGiveAWorkerNoMoreThanMaxTasksUnitsSoThatItRetires() {
        final Dispatcher<String> dispatcher = withReadyWorkers(2, "w1");
        final Work work = work(1, 4);
        queue(dispatcher, work, 4);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 1, FAST, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f", "send w1 u2"), taken(), "fast, but at its limit after two");
        dispatcher.answered("w1", 2, FAST, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of(), taken());
        assertEquals(2, dispatcher.pendingCount());

        // The worker exits after its last unit; its replacement takes over.
        assertNull(dispatcher.lose("w1"), "a retired worker leaves no unit behind");
        dispatcher.add("w2");
        dispatcher.ready("w2");
        dispatcher.pump(recorder);
        assertEquals(List.of("send w2 u3 +f", "send w2 u4"), taken());
    }

    @Test
    void shouldKeepDispatchingAWorkEndedWithUnitsPendingAndForgetItsFunctionAfterTheLast() {
        // As close() does with an imap: its input is read to the end, the work ends, its units still run.
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work open = new Work(1, new byte[0], new Wanted(), () -> { });
        queue(dispatcher, open, 3);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f"), taken());
        assertTrue(dispatcher.endWork(open, recorder));
        assertFalse(dispatcher.endWork(open, recorder), "ended once");
        assertEquals(List.of(), taken(), "units are left: the function stays");
        dispatcher.answered("w1", 1, SLOW, recorder);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 2, SLOW, recorder);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 3, SLOW, recorder);
        assertEquals(List.of("send w1 u2", "send w1 u3", "forget w1 work 1"), taken());
    }

    @Test
    void shouldKeepTheFunctionOfAnOpenWorkWithNoUnitLeftUntilItEnds() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work open = new Work(1, new byte[0], new Wanted(), () -> { });
        queue(dispatcher, open, 1);
        dispatcher.pump(recorder);
        dispatcher.answered("w1", 1, SLOW, recorder);
        assertEquals(List.of("send w1 u1 +f"), taken(), "more units may come");
        assertTrue(dispatcher.endWork(open, recorder));
        assertEquals(List.of("forget w1 work 1"), taken());
    }

    @Test
    void shouldCancelEveryUnitPendingOrRunningOnTerminateAndHandOutNothingAfter() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1", "w2");
        final Work work = work(1, 4);
        queue(dispatcher, work, 4);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f", "send w2 u2 +f"), taken());

        dispatcher.terminate(new CancellationException("terminated"), recorder);
        assertEquals(List.of("fail u3 terminated", "fail u4 terminated", "fail u1 terminated", "fail u2 terminated"),
            taken(), "pending first, then each worker's; no FORGET to workers being terminated");
        assertEquals(0, dispatcher.pendingCount());
        assertNull(dispatcher.answered("w1", 1, SLOW, recorder), "a late answer is to no unit");
        assertNull(dispatcher.lose("w2"), "nothing left to fail or requeue");

        queue(dispatcher, work(2, 1), 1);
        dispatcher.add("w3");
        dispatcher.ready("w3");
        dispatcher.pump(recorder);
        assertEquals(List.of(), taken());
    }

    @Test
    void shouldFailEveryPendingUnitOnceBrokenWithTheFirstCause() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work work = work(1, 3);
        queue(dispatcher, work, 3);
        dispatcher.pump(recorder);
        taken();
        dispatcher.breakWith(new IllegalStateException("the initializer failed"));
        dispatcher.breakWith(new IllegalStateException("a later cause"));
        assertEquals("the initializer failed", dispatcher.broken().getMessage());
        dispatcher.pump(recorder);
        assertEquals(List.of("fail u2 the initializer failed", "fail u3 the initializer failed"), taken());
        dispatcher.answered("w1", 1, SLOW, recorder);
        assertEquals(List.of("forget w1 work 1"), taken(), "the unit running finishes, and was the work's last");
        queue(dispatcher, work(2, 1), 1);
        dispatcher.pump(recorder);
        assertEquals(List.of("fail u4 the initializer failed"), taken());
    }

    @Test
    void shouldSkipTheUnitsOfAWorkWhoseResultsAreNoLongerWanted() {
        final Dispatcher<String> dispatcher = withReadyWorkers(0, "w1");
        final Work failed = work(1, 3);
        final Work next = work(2, 1);
        queue(dispatcher, failed, 3);
        queue(dispatcher, next, 1);
        dispatcher.pump(recorder);
        ((Wanted) failed.sink).done = true;
        dispatcher.answered("w1", 1, SLOW, recorder);
        dispatcher.pump(recorder);
        assertEquals(List.of("send w1 u1 +f", "skip u2", "forget w1 work 1", "skip u3", "send w1 u4 +f"), taken(),
            "the last unit of the work over, its function is dropped");
        assertEquals(0, failed.unitsLeft);
    }
}
