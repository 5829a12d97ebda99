package dev.mproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.mproc.SerializableFunction;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A chunk of a map, run on a member: the function over each item, in order; the first exception ends the chunk, as a
 * chunk of the local pool fails whole.
 */
public final class ChunkCall implements Callable<Outcome>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<Object, ?> function;
    @SuppressWarnings("serial") // the user's items, each checked to serialize when the work is submitted
    private final Object[] items;

    /**
     * @param function the function
     * @param items    the chunk's items
     */
    @SuppressWarnings("unchecked")
    public ChunkCall(final SerializableFunction<?, ?> function, final Object[] items) {
        this.function = (SerializableFunction<Object, ?>) function;
        this.items = items;
    }

    /** @return the number of items */
    public int size() {
        return items.length;
    }

    /** Hazelcast hands the member that runs this unit: the tasks' {@code Cluster.current()}. */
    @Override
    public void setHazelcastInstance(final HazelcastInstance member) {
        MemberInstance.record(member);
    }

    @Override
    public Outcome call() {
        final Object[] values = new Object[items.length];
        try {
            for (int i = 0; i < items.length; i++) {
                values[i] = function.apply(items[i]);
            }
        } catch (final Exception | Error e) {
            return Outcome.failed(e);
        }
        return Outcome.of(values);
    }
}
