package dev.mproc.cluster;

import com.hazelcast.map.IMap;

/**
 * A named value shared by every process connected to a cluster: the cluster's form of a Manager's
 * {@code ValueProxy}, with the same verbs ({@code get}, {@code set}, {@code getAndSet}, {@code compareAndSet}).
 *
 * <p>It is one entry of a Hazelcast map, so each verb is one atomic operation on the member that owns the entry
 * (and its backup). {@link #compareAndSet} compares serialized forms, as Hazelcast's {@code replace} does: equal
 * values whose serialized bytes differ (a {@code HashMap} in another order) do not match; boxed numbers and strings
 * do.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> every process that names the value
 * reaches the same entry; a write is visible to every later read in the cluster. It survives the loss of one member
 * (one synchronous backup, Hazelcast's default), not of the member and its backup together. It lives until the cluster
 * ends.
 *
 * @param <T> the type of the value
 */
public final class ClusterValue<T> {

    private final IMap<String, Object> values;
    private final String name;

    ClusterValue(final IMap<String, Object> values, final String name, final T initial) {
        this.values = values;
        this.name = name;
        values.putIfAbsent(name, initial);
    }

    /** @return the value */
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) values.get(name);
    }

    /** @param value the new value, not {@code null} */
    public void set(final T value) {
        values.set(name, value);
    }

    /**
     * @param value the new value, not {@code null}
     * @return the value it replaced
     */
    @SuppressWarnings("unchecked")
    public T getAndSet(final T value) {
        return (T) values.put(name, value);
    }

    /**
     * Sets the value if it is the expected one, atomically.
     *
     * @param expected the value it must have (compared in serialized form)
     * @param update   the new value
     * @return whether it was set
     */
    public boolean compareAndSet(final T expected, final T update) {
        return values.replace(name, expected, update);
    }

    @Override
    public String toString() {
        return "<ClusterValue " + name + "=" + get() + ">";
    }
}
