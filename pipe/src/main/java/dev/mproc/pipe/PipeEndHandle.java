package dev.mproc.pipe;

import dev.mproc.Handle;
import java.nio.file.Path;

/**
 * What a pipe end serializes as: the pipe's rendezvous path, which end, and which way it carries messages. It
 * re-attaches as a {@link Connection} in the receiving process; the socket itself attaches on first I/O there.
 */
final class PipeEndHandle extends Handle<Connection> {

    private static final long serialVersionUID = 1L;

    private final String socketPath;
    private final boolean left;
    private final boolean readable;
    private final boolean writable;

    PipeEndHandle(final Path socketPath, final boolean left, final boolean readable, final boolean writable) {
        this.socketPath = socketPath.toString();
        this.left = left;
        this.readable = readable;
        this.writable = writable;
    }

    @Override
    protected Connection attach() {
        return PipeEnds.intern(Path.of(socketPath), left, readable, writable);
    }

    @Override
    public String toString() {
        return "PipeEndHandle[" + (left ? "left" : "right") + " end of " + socketPath + "]";
    }
}
