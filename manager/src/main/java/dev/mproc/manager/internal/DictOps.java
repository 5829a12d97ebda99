package dev.mproc.manager.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a dict proxy asks of the server; each call is one atomic step there. */
public interface DictOps {

    Object get(Object key);

    Object getOrDefault(Object key, Object defaultValue);

    Object put(Object key, Object value);

    Object putIfAbsent(Object key, Object value);

    void putAll(Map<?, ?> entries);

    Object remove(Object key);

    boolean remove(Object key, Object value);

    Object replace(Object key, Object value);

    boolean replace(Object key, Object expected, Object value);

    boolean containsKey(Object key);

    boolean containsValue(Object value);

    int size();

    void clear();

    LinkedHashMap<Object, Object> snapshot();

    List<Object> keys();

    List<Object> values();
}
