package dev.mproc.manager.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's side of a dict: a {@link LinkedHashMap} (insertion order, as Python's dict); calls are serialized by the
 * object table.
 */
final class ServedDict implements DictOps {

    private final LinkedHashMap<Object, Object> map = new LinkedHashMap<>();

    ServedDict(final Map<?, ?> initial) {
        if (initial != null) {
            map.putAll(initial);
        }
    }

    @Override
    public Object get(final Object key) {
        return map.get(key);
    }

    @Override
    public Object getOrDefault(final Object key, final Object defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public Object put(final Object key, final Object value) {
        return map.put(key, value);
    }

    @Override
    public Object putIfAbsent(final Object key, final Object value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public void putAll(final Map<?, ?> entries) {
        map.putAll(entries);
    }

    @Override
    public Object remove(final Object key) {
        return map.remove(key);
    }

    @Override
    public boolean remove(final Object key, final Object value) {
        return map.remove(key, value);
    }

    @Override
    public Object replace(final Object key, final Object value) {
        return map.replace(key, value);
    }

    @Override
    public boolean replace(final Object key, final Object expected, final Object value) {
        return map.replace(key, expected, value);
    }

    @Override
    public boolean containsKey(final Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(final Object value) {
        return map.containsValue(value);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public LinkedHashMap<Object, Object> snapshot() {
        return new LinkedHashMap<>(map);
    }

    @Override
    public List<Object> keys() {
        return new ArrayList<>(map.keySet());
    }

    @Override
    public List<Object> values() {
        return new ArrayList<>(map.values());
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
