package dev.mproc.cluster.internal;

import dev.mproc.RemoteTaskException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * What a call on a member gives back: the values of its items, or the exception a task threw. The exception travels
 * as data rather than as Hazelcast's error (which would reach a client as a generic exception with the class name in
 * its message): serialized by itself, beside a {@link RemoteTaskException} that stands for it when it cannot be
 * serialized here or decoded there, as the local pool does.
 */
public final class Outcome implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the task's results, which must serialize to come back, as with the local pool
    private final Object[] values;
    private final RemoteTaskException standIn;
    private final byte[] original;

    private Outcome(final Object[] values, final RemoteTaskException standIn, final byte[] original) {
        this.values = values;
        this.standIn = standIn;
        this.original = original;
    }

    static Outcome of(final Object[] values) {
        return new Outcome(values, null, null);
    }

    static Outcome failed(final Throwable failure) {
        byte[] bytes;
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(failure);
            }
            bytes = out.toByteArray();
        } catch (final IOException | RuntimeException notSerializable) {
            bytes = null;
        }
        return new Outcome(null, RemoteTaskException.of(failure), bytes);
    }

    /** @return whether the task threw */
    public boolean isFailure() {
        return standIn != null;
    }

    /** @return the values, one per item, in item order */
    public Object[] values() {
        return values;
    }

    /** @return the task's exception when it decodes here, else its stand-in */
    public Throwable failure() {
        if (original != null) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(original))) {
                final Object decoded = in.readObject();
                if (decoded instanceof Throwable) {
                    return (Throwable) decoded;
                }
            } catch (final IOException | ClassNotFoundException | RuntimeException cannotLoad) {
                // Its class is not loadable in this JVM, or its readObject failed: the stand-in says what it was.
            }
        }
        return standIn;
    }
}
