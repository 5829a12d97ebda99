package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Pool#imap} and {@link Pool#imapUnordered} read their items lazily: the cases of CPython's {@code _TestPool}
 * about an input that fails, and endless inputs. As CPython's class, most cases share one pool.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolImapTest {

    private static final int PROCESSES = 2;
    /** The read-ahead {@link ImapIterator} documents: four chunks per worker. */
    private static final int WINDOW = 4 * PROCESSES;

    private static Pool pool;

    @BeforeAll
    static void startPool() throws Exception {
        pool = Pool.create(PROCESSES);
    }

    /** Closed, not terminated: an imap left open must not hold close() up (its iterator was closed or dropped). */
    @AfterAll
    static void closePool() throws Exception {
        pool.close();
        assertTrue(pool.join(Await.HANG));
    }

    /** CPython's {@code test_imap_handle_iterable_exception}. */
    @Test
    void testImapHandleIterableException() {
        // SayWhenError seen at the very first of the iterable
        assertThrows(SayWhenError.class, pool.<Integer, Integer>imap(x -> x * x, sayWhen(1, -1), 1)::next);
        // again, make sure it's reentrant
        assertThrows(SayWhenError.class, pool.<Integer, Integer>imap(x -> x * x, sayWhen(1, -1), 1)::next);

        ImapIterator<Integer> it = pool.imap(x -> x * x, sayWhen(10, 3), 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(i * i, it.next());
        }
        assertThrows(SayWhenError.class, it::next);
        assertFalse(it.hasNext(), "the input's failure ends the results, as Python's StopIteration after it");

        // SayWhenError seen at start of problematic chunk's results
        it = pool.imap(x -> x * x, sayWhen(20, 7), 2);
        for (int i = 0; i < 6; i++) {
            assertEquals(i * i, it.next());
        }
        assertThrows(SayWhenError.class, it::next);
        it = pool.imap(x -> x * x, sayWhen(20, 7), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(i * i, it.next());
        }
        assertThrows(SayWhenError.class, it::next);
    }

    /** CPython's {@code test_imap_unordered_handle_iterable_exception}. */
    @Test
    void testImapUnorderedHandleIterableException() {
        // SayWhenError seen at the very first of the iterable
        assertThrows(SayWhenError.class, pool.<Integer, Integer>imapUnordered(x -> x * x, sayWhen(1, -1), 1)::next);
        // again, make sure it's reentrant
        assertThrows(SayWhenError.class, pool.<Integer, Integer>imapUnordered(x -> x * x, sayWhen(1, -1), 1)::next);

        // imapUnordered makes it difficult to anticipate the SayWhenError
        final ImapIterator<Integer> it = pool.imapUnordered(x -> x * x, sayWhen(10, 3), 1);
        final List<Integer> expected = squares(10);
        assertThrows(SayWhenError.class, () -> {
            for (int i = 0; i < 10; i++) {
                final int value = it.next();
                assertTrue(expected.remove((Integer) value), value + " is one of the squares, once");
            }
        });

        final ImapIterator<Integer> chunked = pool.imapUnordered(x -> x * x, sayWhen(20, 7), 2);
        final List<Integer> expectedChunked = squares(20);
        assertThrows(SayWhenError.class, () -> {
            for (int i = 0; i < 20; i++) {
                final int value = chunked.next();
                assertTrue(expectedChunked.remove((Integer) value), value + " is one of the squares, once");
            }
        });
    }

    /**
     * An endless input: the first results come, the pool reads at most its window ahead of the results taken (and
     * never in the consuming thread), and an iterator dropped without being closed stops the reading once the
     * garbage collector finds it; the pool goes on, and closes at the end of the class.
     */
    @Test
    void shouldYieldTheFirstResultsOfAnEndlessInputAndStopReadingItWhenTheIteratorIsDropped() throws Exception {
        final Endless input = new Endless();
        final WeakReference<ImapIterator<Integer>> dropped = takeTenThenDrop(input);
        Await.until("the dropped iterator is collected and the reading has stopped", () -> {
            System.gc();
            return dropped.get() == null && input.readersEnded();
        });
        assertTrue(input.mostAhead.get() <= WINDOW + 1, "read ahead at most the window: " + input.mostAhead);
        assertFalse(input.readBy(Thread.currentThread()), "the items were not read in the consuming thread");
        assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)), "the pool goes on");
    }

    /** The iterator is used in here alone, so that nothing refers to it once this returns. */
    private static WeakReference<ImapIterator<Integer>> takeTenThenDrop(final Endless input) throws Exception {
        final ImapIterator<Integer> results = pool.imap(x -> 2 * x, input);
        for (int i = 0; i < 10; i++) {
            assertEquals(2 * i, results.next());
            input.taken.incrementAndGet();
        }
        Await.until("the pool reads a window ahead of the results taken", () -> input.read.get() == 10 + WINDOW);
        return new WeakReference<>(results);
    }

    /** An endless input under imapUnordered, closed by its consumer: the reading stops, and the pool goes on. */
    @Test
    void shouldStopReadingAnEndlessInputWhenTheIteratorIsClosed() throws Exception {
        final Endless input = new Endless();
        final Set<Integer> seen = new HashSet<>();
        final ImapIterator<Integer> results = pool.imapUnordered(x -> -x, input);
        for (int i = 0; i < 5; i++) {
            seen.add(results.next());
            input.taken.incrementAndGet();
        }
        results.close();
        assertFalse(results.hasNext(), "a closed iterator has no more results");
        assertThrows(NoSuchElementException.class, results::next);
        assertEquals(5, seen.size());
        assertTrue(seen.stream().allMatch(x -> x <= 0 && -x < input.read.get()), seen.toString());
        Await.until("the reading has stopped", input::readersEnded);
        assertTrue(input.mostAhead.get() <= WINDOW + 1, "read ahead at most the window: " + input.mostAhead);
        assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)), "the pool goes on");
    }

    /**
     * As Python's task handler, an item that cannot be sent fails its own place (a {@link CompletionException} whose
     * cause names the class and the item), and the items after it run.
     */
    @Test
    void shouldFailAnItemThatCannotBeSentInItsPlaceAndGoOn() {
        final List<Object> items = List.of("a", new Thread(() -> { }), "c");
        final Iterator<String> results = pool.imap(Object::toString, items);
        assertEquals("a", results.next());
        final CompletionException e = assertThrows(CompletionException.class, results::next);
        final UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, e.getCause());
        assertTrue(cause.getMessage().contains("item 1") && cause.getMessage().contains("java.lang.Thread"),
            cause.getMessage());
        assertEquals("c", results.next());
        assertFalse(results.hasNext());
    }

    /**
     * Python's close() lets an imap's whole input run: results not yet taken are kept, whatever the window, and
     * close() returns once they are all there.
     */
    @Test
    void shouldRunAnImapsWholeInputOnCloseWithoutItsResultsTaken() throws Exception {
        final Pool own = Pool.create(1);
        final List<Integer> items = IntStream.range(0, 10 * WINDOW).boxed().collect(Collectors.toList());
        final ImapIterator<Integer> results = own.imap(x -> x + 1, items);
        own.close();
        assertTrue(own.join(Await.HANG));
        final List<Integer> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        assertEquals(items.stream().map(x -> x + 1).collect(Collectors.toList()), all);
    }

    /**
     * A terminated pool stops reading an endless input: the results not delivered fail with a cancellation, and a
     * {@link CancellationException} stands for the items not read, so that the results do not seem complete.
     */
    @Test
    void shouldStopReadingAnEndlessInputWhenThePoolIsTerminated() throws Exception {
        final Pool own = Pool.create(1);
        final Endless input = new Endless();
        final ImapIterator<Integer> results = own.imap(x -> x, input);
        assertEquals(0, results.next());
        input.taken.incrementAndGet();
        own.terminate();
        boolean cut = false;
        while (results.hasNext()) {
            try {
                results.next();
            } catch (final CompletionException cancelled) {
                assertInstanceOf(CancellationException.class, cancelled.getCause());
            } catch (final CancellationException e) {
                assertFalse(cut, "the unread input is cancelled once");
                cut = true;
            }
        }
        assertTrue(cut, "a CancellationException stands for the items not read");
        Await.until("the reading has stopped", input::readersEnded);
        assertTrue(own.join(Await.HANG));
    }

    private static List<Integer> squares(final int n) {
        return IntStream.range(0, n).map(i -> i * i).boxed().collect(Collectors.toCollection(ArrayList::new));
    }

    /** CPython's {@code exception_throwing_generator(total, when)}: 0, 1, ... then SayWhenError at {@code when}. */
    private static Iterable<Integer> sayWhen(final int total, final int when) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (when == -1) {
                    throw new SayWhenError("Somebody said when");
                }
                return next < total;
            }

            @Override
            public Integer next() {
                if (next == when) {
                    throw new SayWhenError("Somebody said when");
                }
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    /** CPython's {@code SayWhenError(ValueError)}. */
    static final class SayWhenError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SayWhenError(final String message) {
            super(message);
        }
    }

    /** The items 0, 1, 2, ... without end; it counts what was read, by whom, and how far ahead of {@link #taken}. */
    static final class Endless implements Iterable<Integer> {
        final AtomicInteger read = new AtomicInteger();
        /** Results the test has taken, counted after each. */
        final AtomicInteger taken = new AtomicInteger();
        final AtomicInteger mostAhead = new AtomicInteger();
        private final Set<Thread> readers = ConcurrentHashMap.newKeySet();

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    readers.add(Thread.currentThread());
                    final int item = read.getAndIncrement();
                    mostAhead.accumulateAndGet(item + 1 - taken.get(), Math::max);
                    return item;
                }
            };
        }

        boolean readBy(final Thread thread) {
            return readers.contains(thread);
        }

        boolean readersEnded() {
            if (readers.isEmpty()) {
                fail("nothing was read");
            }
            return readers.stream().noneMatch(Thread::isAlive);
        }
    }
}
