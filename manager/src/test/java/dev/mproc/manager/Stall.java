package dev.mproc.manager;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An element whose decoding, in a process that sets {@link #STALL}, writes a file and then never ends: it holds its
 * consumer at the moment between receiving an element and acknowledging it.
 */
final class Stall implements Serializable {

    /** The system property that makes decoding stall in a process. */
    static final String STALL = "mproc.test.stall";

    private static final long serialVersionUID = 1L;

    private final String signal;

    Stall(final Path signal) {
        this.signal = signal.toString();
    }

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (Boolean.getBoolean(STALL)) {
            Files.writeString(Path.of(signal), "received");
            try {
                new CountDownLatch(1).await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Stall && ((Stall) other).signal.equals(signal);
    }

    @Override
    public int hashCode() {
        return signal.hashCode();
    }
}
