package dev.mproc.testing;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A value that leaves a file behind when it is deserialized, in whatever process: proof that something never was.
 */
public final class Tripwire implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String marker;

    /** @param marker the file its deserialization writes */
    public Tripwire(final Path marker) {
        this.marker = marker.toString();
    }

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Files.writeString(Path.of(marker), "deserialized in " + ProcessHandle.current().pid());
    }
}
