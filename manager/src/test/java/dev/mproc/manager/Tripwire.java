package dev.mproc.manager;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/** A value that leaves a file behind when it is deserialized, to prove that something never was. */
final class Tripwire implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String marker;

    Tripwire(final Path marker) {
        this.marker = marker.toString();
    }

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Files.writeString(Path.of(marker), "deserialized in " + ProcessHandle.current().pid());
    }
}
