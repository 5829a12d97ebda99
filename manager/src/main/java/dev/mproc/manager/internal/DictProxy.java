package dev.mproc.manager.internal;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * The proxy of a managed dict: a {@link ConcurrentMap} whose every method is one call to the server. Views
 * ({@code keySet}, {@code values}, {@code entrySet}) and their iterators are unmodifiable snapshots taken in one call;
 * {@code compute}, {@code merge} and the other defaults are the compare-and-set loops of {@link ConcurrentMap},
 * running here with atomic {@code putIfAbsent}/{@code replace}/{@code remove} on the server. Nulls are refused, as in
 * {@link java.util.concurrent.ConcurrentHashMap}.
 */
final class DictProxy<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, ManagedProxy, Serializable {

    private static final long serialVersionUID = 1L;

    private static final MethodTable T = MethodTable.of(DictOps.class);
    private static final int GET = T.indexOf("get", Object.class);
    private static final int GET_OR_DEFAULT = T.indexOf("getOrDefault", Object.class, Object.class);
    private static final int PUT = T.indexOf("put", Object.class, Object.class);
    private static final int PUT_IF_ABSENT = T.indexOf("putIfAbsent", Object.class, Object.class);
    private static final int PUT_ALL = T.indexOf("putAll", Map.class);
    private static final int REMOVE = T.indexOf("remove", Object.class);
    private static final int REMOVE_VALUE = T.indexOf("remove", Object.class, Object.class);
    private static final int REPLACE = T.indexOf("replace", Object.class, Object.class);
    private static final int REPLACE_VALUE = T.indexOf("replace", Object.class, Object.class, Object.class);
    private static final int CONTAINS_KEY = T.indexOf("containsKey", Object.class);
    private static final int CONTAINS_VALUE = T.indexOf("containsValue", Object.class);
    private static final int SIZE = T.indexOf("size");
    private static final int CLEAR = T.indexOf("clear");
    private static final int SNAPSHOT = T.indexOf("snapshot");
    private static final int KEYS = T.indexOf("keys");
    private static final int VALUES = T.indexOf("values");
    private static final int TO_STRING = T.indexOf("toString");

    private final transient ObjectRef ref;

    DictProxy(final ObjectRef ref) {
        this.ref = ref;
    }

    @Override
    public ObjectRef ref() {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(final Object key) {
        return (V) ref.call(GET, key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(final Object key, final V defaultValue) {
        return (V) ref.call(GET_OR_DEFAULT, key, defaultValue);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(final K key, final V value) {
        return (V) ref.call(PUT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V putIfAbsent(final K key, final V value) {
        return (V) ref.call(PUT_IF_ABSENT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void putAll(final Map<? extends K, ? extends V> entries) {
        final LinkedHashMap<K, V> copy = new LinkedHashMap<>(entries);
        copy.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        });
        ref.call(PUT_ALL, copy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(final Object key) {
        return (V) ref.call(REMOVE, key);
    }

    @Override
    public boolean remove(final Object key, final Object value) {
        return (Boolean) ref.call(REMOVE_VALUE, key, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V replace(final K key, final V value) {
        return (V) ref.call(REPLACE, key, Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean replace(final K key, final V oldValue, final V newValue) {
        return (Boolean) ref.call(REPLACE_VALUE, key, oldValue, Objects.requireNonNull(newValue, "newValue"));
    }

    @Override
    public boolean containsKey(final Object key) {
        return (Boolean) ref.call(CONTAINS_KEY, key);
    }

    @Override
    public boolean containsValue(final Object value) {
        return (Boolean) ref.call(CONTAINS_VALUE, value);
    }

    @Override
    public int size() {
        return (Integer) ref.call(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void clear() {
        ref.call(CLEAR);
    }

    /** @return a copy of the whole map, taken in one atomic call */
    @SuppressWarnings("unchecked")
    LinkedHashMap<K, V> snapshot() {
        return (LinkedHashMap<K, V>) ref.call(SNAPSHOT);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        final Set<Entry<K, V>> entries = new LinkedHashSet<>();
        snapshot().forEach((key, value) -> entries.add(new SimpleImmutableEntry<>(key, value)));
        return Collections.unmodifiableSet(entries);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<K> keySet() {
        return Collections.unmodifiableSet(new LinkedHashSet<>((List<K>) ref.call(KEYS)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<V> values() {
        return Collections.unmodifiableList((List<V>) ref.call(VALUES));
    }

    @Override
    public String toString() {
        return (String) ref.call(TO_STRING);
    }

    private Object writeReplace() {
        return ref.handle(false);
    }
}
