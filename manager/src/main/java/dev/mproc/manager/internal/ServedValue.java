package dev.mproc.manager.internal;

import dev.mproc.manager.ValueProxy;
import java.util.Objects;

/** The server's side of a value; calls are serialized by the object table. */
final class ServedValue implements ValueProxy<Object> {

    private Object value;

    ServedValue(final Object initial) {
        this.value = initial;
    }

    @Override
    public Object get() {
        return value;
    }

    @Override
    public void set(final Object newValue) {
        value = newValue;
    }

    @Override
    public Object getAndSet(final Object newValue) {
        final Object old = value;
        value = newValue;
        return old;
    }

    @Override
    public boolean compareAndSet(final Object expected, final Object update) {
        if (!Objects.equals(value, expected)) {
            return false;
        }
        value = update;
        return true;
    }

    @Override
    public String toString() {
        return "Value(" + value + ")";
    }
}
