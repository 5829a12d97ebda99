package dev.mproc.cluster;

import com.hazelcast.map.IMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named attributes shared by every process connected to a cluster: the cluster's form of a Manager's
 * {@code NamespaceProxy} (Python's {@code Namespace}), with the same verbs.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> each verb is one atomic operation
 * on a Hazelcast map of the namespace's own; values cross by serialization ({@code get} gives a copy: set it back).
 * It survives the loss of one member and lives until the cluster ends.
 */
public final class ClusterNamespace {

    private final IMap<String, Object> attributes;

    ClusterNamespace(final IMap<String, Object> attributes) {
        this.attributes = attributes;
    }

    /**
     * @param name the attribute
     * @param <T>  its type
     * @return its value
     * @throws NoSuchElementException when the namespace has no such attribute, as a Manager's namespace does
     */
    @SuppressWarnings("unchecked")
    public <T> T get(final String name) {
        final Object value = attributes.get(name);
        if (value == null) {
            throw new NoSuchElementException("the namespace has no attribute " + name);
        }
        return (T) value;
    }

    /**
     * @param name  the attribute
     * @param value its value, not {@code null}
     */
    public void set(final String name, final Object value) {
        attributes.set(name, value);
    }

    /**
     * @param name the attribute
     * @return whether it is set
     */
    public boolean has(final String name) {
        return attributes.containsKey(name);
    }

    /**
     * @param name the attribute
     * @return the value it had, or {@code null}
     */
    public Object remove(final String name) {
        return attributes.remove(name);
    }

    /** @return a copy of every attribute, taken in one call */
    public Map<String, Object> snapshot() {
        final Map<String, Object> copy = new LinkedHashMap<>();
        attributes.entrySet().forEach(entry -> copy.put(entry.getKey(), entry.getValue()));
        return copy;
    }

    @Override
    public String toString() {
        return "Namespace" + snapshot();
    }
}
