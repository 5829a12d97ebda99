package dev.mproc.manager.internal;

import dev.mproc.Job;
import dev.mproc.SerializableBiFunction;
import dev.mproc.SerializableFunction;
import dev.mproc.internal.pool.Callbacks;
import dev.mproc.manager.AsyncResultProxy;
import dev.mproc.manager.PoolProxy;
import java.io.Serializable;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The proxy of a manager's pool. Blocking verbs are one call each; an {@code ...Async} verb makes the same call
 * from a waiting thread of this process (one connection per result in flight) and completes a
 * {@link PendingResult}, running the callbacks first, as the core pool does.
 */
final class ManagedPool implements PoolProxy, ManagedProxy, Serializable {

    private static final long serialVersionUID = 1L;

    private static final MethodTable T = MethodTable.of(PoolOps.class);
    private static final int PROCESSES = T.indexOf("processes");
    private static final int APPLY = T.indexOf("apply", Job.class);
    private static final int MAP = T.indexOf("map", SerializableFunction.class, List.class, int.class);
    private static final int STARMAP = T.indexOf("starmap", SerializableBiFunction.class, List.class);
    private static final int CLOSE = T.indexOf("close");
    private static final int TERMINATE = T.indexOf("terminate");
    private static final int JOIN = T.indexOf("join");
    private static final int TO_STRING = T.indexOf("toString");

    /** The threads that wait for results in flight; daemons, so that a pending result never keeps a JVM alive. */
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
        final Thread thread = new Thread(task, "mproc-manager-pool-result");
        thread.setDaemon(true);
        return thread;
    });

    private final transient ObjectRef ref;

    ManagedPool(final ObjectRef ref) {
        this.ref = ref;
    }

    @Override
    public ObjectRef ref() {
        return ref;
    }

    @Override
    public int processes() {
        return (Integer) ref.call(PROCESSES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T apply(final Job<T> job) throws ExecutionException, InterruptedException {
        return (T) waitFor(APPLY, Objects.requireNonNull(job, "job"));
    }

    @Override
    public <T> AsyncResultProxy<T> applyAsync(final Job<T> job) {
        return applyAsync(job, null, null);
    }

    @Override
    public <T> AsyncResultProxy<T> applyAsync(final Job<T> job, final Consumer<? super T> onSuccess,
                                              final Consumer<? super Throwable> onError) {
        return submit(onSuccess, onError, APPLY, Objects.requireNonNull(job, "job"));
    }

    @Override
    public <T, R> List<R> map(final SerializableFunction<? super T, ? extends R> function,
                              final Iterable<? extends T> items) throws ExecutionException, InterruptedException {
        return mapWith(function, items, 0);
    }

    @Override
    public <T, R> List<R> map(final SerializableFunction<? super T, ? extends R> function,
                              final Iterable<? extends T> items, final int chunksize)
        throws ExecutionException, InterruptedException {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
        }
        return mapWith(function, items, chunksize);
    }

    @SuppressWarnings("unchecked")
    private <T, R> List<R> mapWith(final SerializableFunction<? super T, ? extends R> function,
                                   final Iterable<? extends T> items, final int chunksize)
        throws ExecutionException, InterruptedException {
        return (List<R>) waitFor(MAP, Objects.requireNonNull(function, "function"), copy(items), chunksize);
    }

    @Override
    public <T, R> AsyncResultProxy<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                     final Iterable<? extends T> items) {
        return mapAsync(function, items, null, null);
    }

    @Override
    public <T, R> AsyncResultProxy<List<R>> mapAsync(final SerializableFunction<? super T, ? extends R> function,
                                                     final Iterable<? extends T> items,
                                                     final Consumer<? super List<R>> onSuccess,
                                                     final Consumer<? super Throwable> onError) {
        return submit(onSuccess, onError, MAP, Objects.requireNonNull(function, "function"), copy(items), 0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> List<R> starmap(final SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
        throws ExecutionException, InterruptedException {
        return (List<R>) waitFor(STARMAP, Objects.requireNonNull(function, "function"), spread(pairs));
    }

    @Override
    public <A, B, R> AsyncResultProxy<List<R>> starmapAsync(
        final SerializableBiFunction<? super A, ? super B, ? extends R> function,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return submit(null, null, STARMAP, Objects.requireNonNull(function, "function"), spread(pairs));
    }

    @Override
    public void close() {
        ref.call(CLOSE);
    }

    @Override
    public void terminate() {
        ref.call(TERMINATE);
    }

    @Override
    public void join() throws InterruptedException {
        ref.callInterruptibly(JOIN);
    }

    private static ArrayList<Object> copy(final Iterable<?> items) {
        final ArrayList<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static ArrayList<Object[]> spread(final Iterable<? extends Map.Entry<?, ?>> pairs) {
        final ArrayList<Object[]> arguments = new ArrayList<>();
        for (final Map.Entry<?, ?> pair : pairs) {
            arguments.add(new Object[] {pair.getKey(), pair.getValue()});
        }
        return arguments;
    }

    /** One waiting call: the exceptions of the work come as they are, nothing else checked is expected. */
    private Object waitFor(final int method, final Object... args) throws ExecutionException, InterruptedException {
        try {
            return ref.invoke(method, args);
        } catch (final RuntimeException | Error | ExecutionException | InterruptedException e) {
            throw e;
        } catch (final Throwable e) {
            throw new UndeclaredThrowableException(e, T.describe(method) + " failed: " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private <V> PendingResult<V> submit(final Consumer<? super V> onSuccess, final Consumer<? super Throwable> onError,
                                        final int method, final Object... args) {
        final PendingResult<V> result = new PendingResult<>();
        final Callbacks<V> callbacks = new Callbacks<>(onSuccess, onError);
        WAITERS.execute(() -> {
            result.waitingIn(Thread.currentThread());
            final V value;
            try {
                value = (V) waitFor(method, args);
            } catch (final ExecutionException e) {
                callbacks.failed(e.getCause());
                result.fail(e.getCause());
                return;
            } catch (final Throwable e) {
                callbacks.failed(e);
                result.fail(e);
                return;
            } finally {
                result.waitingIn(null);
                // A cancel's interrupt that came late must not reach the next result this thread waits for.
                Thread.interrupted();
            }
            callbacks.succeeded(value);
            result.complete(value);
        });
        return result;
    }

    @Override
    public String toString() {
        return (String) ref.call(TO_STRING);
    }

    private Object writeReplace() {
        return ref.handle(false);
    }
}
