package dev.mproc.queue;

import dev.mproc.queue.internal.QueueEndpoint;
import dev.mproc.queue.internal.QueueProtocol;
import java.io.IOException;
import java.time.Duration;

/**
 * A {@link Queue} that counts unfinished tasks: every put adds one, {@link #taskDone()} removes one, and
 * {@link #join()} waits until none is left. Python's {@code multiprocessing.JoinableQueue}.
 *
 * <pre>{@code
 * JoinableQueue<String> jobs = JoinableQueue.create();
 * Process worker = Process.start(() -> {
 *     while (true) {
 *         process(jobs.get());
 *         jobs.taskDone();
 *     }
 * });
 * jobs.put("a"); jobs.put("b");
 * jobs.join();        // both processed, by whichever process took them
 * }</pre>
 *
 * <p><b>Thread safety:</b> safe for use by any number of threads. <b>Process safety:</b> as {@link Queue}; the count
 * lives at the owner, and every put from any process is counted before it returns (puts are acknowledged by the
 * owner, never streamed), so a {@code join} that starts after a put returned waits for that item. A consumer that
 * dies before {@code get} returned leaves its item in the queue, still unfinished; one that dies after taking it and
 * before {@code taskDone} leaves the count one higher, and {@code join} waits for ever: use {@link #join(Duration)}
 * where workers may crash.
 *
 * <p>Shutdown ({@link #shutdown(boolean)}) leaves the count alone, except that an immediate shutdown counts every item
 * it discards as done (an item that was on its way to a consumer that died, and comes back afterwards, too), so a
 * {@code join} that waited only for those returns. {@link #taskDone()} and {@link #join()} work after a shutdown, as
 * in Python.
 *
 * @param <E> the type of the items
 */
public final class JoinableQueue<E> extends Queue<E> {

    private static final long serialVersionUID = 1L;

    JoinableQueue(final QueueEndpoint endpoint, final QueueHandle handle) {
        super(endpoint, handle);
    }

    /**
     * Creates an unbounded joinable queue owned by this process.
     *
     * @param <E> the type of the items
     * @return the queue
     * @throws IOException when its socket cannot be created in the runtime directory
     */
    public static <E> JoinableQueue<E> create() throws IOException {
        return create(0);
    }

    /**
     * Creates a joinable queue owned by this process that holds at most {@code maxsize} items.
     *
     * @param <E>     the type of the items
     * @param maxsize the most items stored at once; 0 or less means no limit
     * @return the queue
     * @throws IOException when its socket cannot be created in the runtime directory
     */
    @SuppressWarnings("unchecked")
    public static <E> JoinableQueue<E> create(final int maxsize) throws IOException {
        return (JoinableQueue<E>) QueueHandle.create(QueueHandle.Kind.JOINABLE, maxsize);
    }

    /**
     * Marks one item got earlier as processed: Python's {@code task_done()}.
     *
     * @throws IllegalStateException when called more times than items were put (Python's {@code ValueError})
     * @throws QueueGoneException    when the queue's owner is gone
     */
    public void taskDone() {
        endpoint().taskDone();
    }

    /**
     * Waits until every item ever put has been marked processed by {@link #taskDone()}, in whatever process.
     *
     * @throws InterruptedException when interrupted while waiting
     * @throws QueueGoneException   when the queue's owner is gone
     */
    public void join() throws InterruptedException {
        endpoint().join(QueueProtocol.FOREVER);
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked processed.
     *
     * @param timeout how long to wait
     * @return whether every item was processed in time
     * @throws InterruptedException when interrupted while waiting
     * @throws QueueGoneException   when the queue's owner is gone
     */
    public boolean join(final Duration timeout) throws InterruptedException {
        return endpoint().join(nanos(timeout));
    }
}
