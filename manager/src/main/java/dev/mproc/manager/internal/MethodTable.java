package dev.mproc.manager.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods of an interface that a proxy can call on the server, numbered the same way in every process: the
 * interface's public instance methods sorted by name and parameter types, then {@code Object.toString()}. A request
 * carries the number, not the name.
 *
 * <p><b>Thread safety:</b> immutable once built; tables are cached per interface.
 */
public final class MethodTable {

    private static final Map<Class<?>, MethodTable> CACHE = new ConcurrentHashMap<>();

    private final Class<?> iface;
    private final Method[] methods;
    private final boolean[] interruptible;
    private final Map<Method, Integer> indexes = new HashMap<>();
    private final Map<String, Integer> bySignature = new HashMap<>();

    private MethodTable(final Class<?> iface) {
        this.iface = iface;
        final Map<String, Method> unique = new LinkedHashMap<>();
        final Method[] all = iface.getMethods();
        Arrays.sort(all, Comparator.comparing(MethodTable::signature));
        for (final Method method : all) {
            if (!Modifier.isStatic(method.getModifiers())) {
                unique.putIfAbsent(signature(method), method);
            }
        }
        final List<Method> list = new ArrayList<>(unique.values());
        try {
            list.add(Object.class.getMethod("toString"));
        } catch (final NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        methods = list.toArray(new Method[0]);
        interruptible = new boolean[methods.length];
        for (int i = 0; i < methods.length; i++) {
            final Method method = methods[i];
            try {
                method.setAccessible(true);
            } catch (final RuntimeException e) {
                // A public method of a public interface needs no access check; others are reached as they can be.
            }
            indexes.put(method, i);
            bySignature.put(signature(method), i);
            interruptible[i] = Arrays.asList(method.getExceptionTypes()).contains(InterruptedException.class);
        }
        for (final Method method : all) {
            indexes.putIfAbsent(method, bySignature.get(signature(method)));
        }
    }

    /**
     * @param iface an interface
     * @return its table
     */
    public static MethodTable of(final Class<?> iface) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        return CACHE.computeIfAbsent(iface, MethodTable::new);
    }

    /** @return the interface */
    public Class<?> iface() {
        return iface;
    }

    /**
     * @param index a method number
     * @return the method
     * @throws IllegalArgumentException when there is no such number
     */
    public Method method(final int index) {
        if (index < 0 || index >= methods.length) {
            throw new IllegalArgumentException("no method #" + index + " in " + iface.getName());
        }
        return methods[index];
    }

    /**
     * @param index a method number
     * @return whether the method declares {@link InterruptedException}: a blocking call the caller may interrupt
     */
    public boolean interruptible(final int index) {
        return interruptible[index];
    }

    /**
     * @param method a method of the interface (or {@code Object.toString})
     * @return its number, or -1 when it is not in the table
     */
    public int indexOf(final Method method) {
        final Integer index = indexes.get(method);
        return index == null ? -1 : index;
    }

    /**
     * @param name           the method name
     * @param parameterTypes its parameter types
     * @return its number
     * @throws IllegalArgumentException when the interface has no such method
     */
    public int indexOf(final String name, final Class<?>... parameterTypes) {
        final StringBuilder key = new StringBuilder(name).append('(');
        for (final Class<?> type : parameterTypes) {
            key.append(type.getName()).append(',');
        }
        final Integer index = bySignature.get(key.append(')').toString());
        if (index == null) {
            throw new IllegalArgumentException("no method " + key + " in " + iface.getName());
        }
        return index;
    }

    /**
     * @param index a method number
     * @return {@code Interface.method} for messages
     */
    public String describe(final int index) {
        return index >= 0 && index < methods.length
            ? iface.getSimpleName() + "." + methods[index].getName() : iface.getSimpleName() + ".#" + index;
    }

    private static String signature(final Method method) {
        final StringBuilder key = new StringBuilder(method.getName()).append('(');
        for (final Class<?> type : method.getParameterTypes()) {
            key.append(type.getName()).append(',');
        }
        return key.append(')').toString();
    }
}
