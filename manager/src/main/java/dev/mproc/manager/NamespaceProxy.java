package dev.mproc.manager;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named attributes kept by the manager: Python's {@code manager.Namespace()}, where {@code ns.x = 1} becomes
 * {@code ns.set("x", 1)} and {@code ns.x} becomes {@code ns.get("x")}.
 *
 * <p><b>Thread safety:</b> safe for use by several threads. <b>Process safety:</b> every call is one atomic step on
 * the server; a value set in one process is seen by the next {@code get} in any process. Values cross by
 * serialization: what {@code get} returns is a copy, except for proxies, which stay proxies.
 */
public interface NamespaceProxy {

    /**
     * @param name an attribute
     * @param <T>  its expected type
     * @return its value (a copy)
     * @throws NoSuchElementException when the namespace has no such attribute
     */
    <T> T get(String name);

    /**
     * @param name  an attribute
     * @param value its new value, possibly {@code null}
     */
    void set(String name, Object value);

    /**
     * @param name an attribute
     * @return whether the namespace has it
     */
    boolean has(String name);

    /**
     * @param name an attribute
     * @return its value before removal, or {@code null} when it had none
     */
    Object remove(String name);

    /** @return a copy of every attribute, in the order they were first set */
    Map<String, Object> snapshot();
}
