package dev.mproc.manager.internal;

import java.io.Serializable;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The proxy of a managed dict: a {@link ConcurrentMap} whose every method is one call to the server. The views
 * ({@code keySet}, {@code values}, {@code entrySet}) are weakly consistent, as a {@code ConcurrentHashMap}'s: an
 * iterator walks a snapshot taken in one call, and what changes the dict goes to the server, one call each: a view's
 * {@code remove}, {@code removeIf}, {@code retainAll} and {@code clear}, an iterator's {@code remove} and an entry's
 * {@code setValue} (a {@code put} of its key). Removing through the entry and value views removes a key only while it
 * still maps to the value seen, and each reports only what it removed;
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
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return snapshotIterator(entry -> new WriteThroughEntry(entry.getKey(), entry.getValue()), true);
            }

            @Override
            public boolean contains(final Object o) {
                return o instanceof Entry && ((Entry<?, ?>) o).getValue() != null
                    && ((Entry<?, ?>) o).getValue().equals(get(((Entry<?, ?>) o).getKey()));
            }

            @Override
            public boolean remove(final Object o) {
                if (!(o instanceof Entry)) {
                    return false;
                }
                final Entry<?, ?> entry = (Entry<?, ?>) o;
                return DictProxy.this.remove(entry.getKey(), entry.getValue());
            }

            @Override
            public boolean removeIf(final Predicate<? super Entry<K, V>> filter) {
                return removeMatching(filter::test, true);
            }

            @Override
            public int size() {
                return DictProxy.this.size();
            }

            @Override
            public boolean add(final Entry<K, V> entry) {
                throw cannotAdd("entrySet()");
            }

            @Override
            public void clear() {
                DictProxy.this.clear();
            }
        };
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return snapshotIterator(Entry::getKey, false);
            }

            @Override
            public boolean contains(final Object key) {
                return containsKey(key);
            }

            @Override
            public boolean remove(final Object key) {
                return DictProxy.this.remove(key) != null;
            }

            @Override
            public boolean removeIf(final Predicate<? super K> filter) {
                return removeMatching(entry -> filter.test(entry.getKey()), false);
            }

            @Override
            public int size() {
                return DictProxy.this.size();
            }

            @Override
            public boolean add(final K key) {
                throw cannotAdd("keySet()");
            }

            @Override
            public void clear() {
                DictProxy.this.clear();
            }
        };
    }

    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return snapshotIterator(Entry::getValue, true);
            }

            @Override
            public boolean contains(final Object value) {
                return containsValue(value);
            }

            @Override
            public boolean removeIf(final Predicate<? super V> filter) {
                return removeMatching(entry -> filter.test(entry.getValue()), true);
            }

            @Override
            public int size() {
                return DictProxy.this.size();
            }

            @Override
            public boolean add(final V value) {
                throw cannotAdd("values()");
            }

            @Override
            public void clear() {
                DictProxy.this.clear();
            }
        };
    }

    private static UnsupportedOperationException cannotAdd(final String view) {
        return new UnsupportedOperationException("a managed dict's " + view + " cannot add, as a ConcurrentHashMap's"
            + " cannot: use the dict's put(key, value) or putIfAbsent(key, value)");
    }

    /** Removes, one call each, the entries of a snapshot that match; reports only what the server removed. */
    private boolean removeMatching(final Predicate<Entry<K, V>> matches, final boolean byValue) {
        boolean removed = false;
        for (final Entry<K, V> entry : snapshot().entrySet()) {
            if (matches.test(entry) && removeSeen(entry, byValue)) {
                removed = true;
            }
        }
        return removed;
    }

    /** Removes an entry seen in a snapshot: its key, or its key while it still maps to the value seen. */
    private boolean removeSeen(final Entry<K, V> seen, final boolean byValue) {
        return byValue ? remove(seen.getKey(), seen.getValue()) : remove(seen.getKey()) != null;
    }

    /**
     * @return an iterator over a snapshot of the entries whose {@code remove()} removes the last entry from the dict:
     *         its key, for the key view; its key while it still maps to the value seen, for the entry and value
     *         views, as a {@code ConcurrentHashMap}'s do
     */
    private <T> Iterator<T> snapshotIterator(final Function<Entry<K, V>, T> view, final boolean byValue) {
        return new SnapshotIterator<>(snapshot().entrySet().iterator(), view, seen -> removeSeen(seen, byValue));
    }

    /** An entry of a snapshot whose {@code setValue} puts its key's new value in the dict (one call). */
    private final class WriteThroughEntry extends SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(final K key, final V value) {
            super(key, value);
        }

        @Override
        public V setValue(final V value) {
            final V previous = super.setValue(Objects.requireNonNull(value, "value"));
            put(getKey(), value);
            return previous;
        }
    }

    @Override
    public String toString() {
        return (String) ref.call(TO_STRING);
    }

    private Object writeReplace() {
        return ref.handle(false);
    }
}
