package dev.mproc.manager.internal;

import dev.mproc.manager.NamespaceProxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** The server's side of a namespace; calls are serialized by the object table. */
final class ServedNamespace implements NamespaceProxy {

    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(final String name) {
        if (!attributes.containsKey(name)) {
            throw new NoSuchElementException("the namespace has no attribute '" + name + "'");
        }
        return (T) attributes.get(name);
    }

    @Override
    public void set(final String name, final Object value) {
        attributes.put(name, value);
    }

    @Override
    public boolean has(final String name) {
        return attributes.containsKey(name);
    }

    @Override
    public Object remove(final String name) {
        return attributes.remove(name);
    }

    @Override
    public Map<String, Object> snapshot() {
        return new LinkedHashMap<>(attributes);
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("Namespace(");
        attributes.forEach((name, value) -> text.append(text.length() > 10 ? ", " : "").append(name).append('=')
            .append(value));
        return text.append(')').toString();
    }
}
