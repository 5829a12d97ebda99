package dev.mproc.pipe;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A class that records being deserialized in this JVM, to prove that garbage never reaches the deserializer. */
final class Tripwire implements Serializable {

    private static final long serialVersionUID = 1L;

    static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALIZED.set(true);
    }
}
