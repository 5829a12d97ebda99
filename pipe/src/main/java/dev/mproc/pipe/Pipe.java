package dev.mproc.pipe;

import dev.mproc.internal.OwnedFiles;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.pipe.internal.PipeEnd;
import java.io.Closeable;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A pair of connected {@link Connection}s, for two processes to talk through: Python's {@code multiprocessing.Pipe}.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * Connection child = pipe.right();
 * try (Process p = Process.start(() -> { child.send(List.of(42, "hello")); child.close(); })) {
 *     Object received = pipe.left().recv();         // [42, hello]
 *     p.join();
 * }
 * }</pre>
 *
 * <p>{@link #open()} makes a duplex pipe (both ends send and receive); {@link #open(boolean) open(false)} a one-way
 * pipe whose {@link #left()} end only receives and {@link #right()} end only sends, as Python's {@code (r, w)}.
 *
 * <p><b>How the ends find each other.</b> Java cannot hand a file descriptor to another process, so a pipe is a
 * rendezvous instead: {@code open()} reserves a socket path in the private (0700) runtime directory and binds
 * nothing. Each end attaches on its first I/O, in whatever process it is then in: it claims its end (a claim file
 * beside the socket path, made atomically, naming its pid); then, if the other end is already listening on the path,
 * it connects, otherwise it binds the path and waits for the other end to connect. Both sides complete the authkey
 * challenge of the process tree before any message is read; a connection that fails it is dropped unread and the
 * end goes on waiting for the real one; the socket file is removed as soon as the two ends are connected. From then
 * on it is a plain Unix domain socket between the two processes, as fast as the socket allows. An end that is sent
 * on before it attached (captured by a task, sent through another connection) attaches in the receiving process.
 * Until it is connected, an end holds what it sends (up to 256 KiB, as a socket buffer would), so sending does not
 * wait for the other end to turn up; {@code close()} and a normal exit hand over what is held.
 *
 * <p><b>One process per end.</b> An end attaches in one process, once. A copy of it used in a second process while
 * it is attached in the first fails there with an {@link IllegalStateException} naming the first process (and,
 * after the first closed it, naming the process that closed it), instead of two processes reading one stream. Closing
 * a copy that never did I/O is local: the end stays usable where it was sent, as closing the parent's copy of a
 * child's end is in Python.
 *
 * <p><b>The other end gone.</b> When the other end is closed, or its process dies (even by SIGKILL), receiving
 * throws {@link java.io.EOFException} once every message it sent has been received, and sending throws an
 * {@link java.io.IOException} naming it; this holds also when the other end is gone before it ever connected. An end
 * whose other end is never used anywhere waits, as a Python pipe whose other end is still open somewhere waits.
 *
 * <p><b>Files.</b> The creating process owns the socket path and both claim files and removes them at its exit; the
 * process that closes the second end (or finds the other end dead) removes them earlier.
 *
 * <p><b>Thread safety:</b> a pipe is an immutable pair; see {@link Connection} for its ends. <b>Process safety:</b>
 * as above; a {@code Pipe} is serializable as its two ends.
 */
public final class Pipe implements Closeable, Serializable {

    private static final long serialVersionUID = 1L;

    private final Connection left;
    private final Connection right;

    private Pipe(final Connection left, final Connection right) {
        this.left = left;
        this.right = right;
    }

    /**
     * Opens a duplex pipe: both ends send and receive.
     *
     * @return the pipe
     * @throws java.io.UncheckedIOException when the runtime directory cannot be prepared
     */
    public static Pipe open() {
        return open(true);
    }

    /**
     * Opens a pipe: duplex, or one-way from {@link #right()} to {@link #left()} as Python's {@code Pipe(False)}.
     *
     * @param duplex whether both ends send and receive
     * @return the pipe
     * @throws java.io.UncheckedIOException when the runtime directory cannot be prepared
     */
    public static Pipe open(final boolean duplex) {
        final Path socketPath = RuntimeDirectory.newSocketPath("pipe");
        final OwnedFiles files = RuntimeDirectory.files();
        files.own(PipeEnd.claimPath(socketPath, "left"));
        files.own(PipeEnd.claimPath(socketPath, "right"));
        return new Pipe(PipeEnds.intern(socketPath, true, true, duplex),
            PipeEnds.intern(socketPath, false, duplex, true));
    }

    /** @return the left end: Python's {@code conn1}, the reading end {@code r} of a one-way pipe */
    public Connection left() {
        return left;
    }

    /** @return the right end: Python's {@code conn2}, the writing end {@code w} of a one-way pipe */
    public Connection right() {
        return right;
    }

    /** Closes both ends in this process (see {@link Connection#close()}: an end that never did I/O here is local). */
    @Override
    public void close() {
        left.close();
        right.close();
    }

    @Override
    public String toString() {
        return "Pipe[" + left + ", " + right + "]";
    }
}
