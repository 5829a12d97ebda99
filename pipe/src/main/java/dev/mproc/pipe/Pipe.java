package dev.mproc.pipe;

import dev.mproc.internal.OwnedFiles;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.pipe.internal.CreatorCopies;
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
 * beside the socket path, made atomically, naming its pid and start time); then, if the other end is already listening
 * on the path, it connects, otherwise it binds the path and waits for the other end to connect. Both sides complete the
 * authkey challenge of the process tree before any message is read; a connection that fails it is dropped unread and
 * the end goes on waiting for the real one; the socket file is removed as soon as the two ends are connected. From then
 * on it is a plain Unix domain socket between the two processes, as fast as the socket allows. An end that is sent
 * on before it attached (captured by a task, sent through another connection) attaches in the receiving process.
 * Until it is connected, an end holds what it sends (up to 256 KiB, as a socket buffer would), so sending does not
 * wait for the other end to turn up; {@code close()} and a normal exit hand over what is held. The two ends state
 * the version of the pipe protocol in their claims and in the first message of every connection between them; an end
 * of another version of mproc is refused with an {@link java.io.IOException} that names both versions.
 *
 * <p><b>One process at a time per end.</b> An end is held by one process at a time: the first to do I/O with it.
 * A copy used in a second process while the first still holds it fails there with an
 * {@link IllegalStateException} naming the first, instead of two processes reading one stream. Closing a copy that
 * never did I/O is local: the end stays usable where it was sent, as closing the parent's copy of a child's end is in
 * Python.
 *
 * <p><b>Handing an end on.</b> When the process holding an end closes it, exits, or dies (even by SIGKILL), the next
 * process that uses a copy of the end takes it, the creating process included (as a Python parent goes on using its
 * copy of a descriptor after the child that used it ended). The other end follows the end to its new holder, even
 * while idle (it looks every 100 ms), and the messages sent to the end that its last holder never received reach the
 * new holder first, in order: the sending end keeps what it sent until the receiving end's holder has received it (a
 * count in a small mapped file per end, which survives SIGKILL). A message the killed holder was receiving at the
 * instant of the kill may be received again by the next holder. What the ended holder itself sent and had written
 * is received as usual; what it still held unwritten died with it.
 *
 * <p><b>The other end gone.</b> When the other end's holder has closed it or died (even by SIGKILL) and no process
 * has taken it since, receiving throws {@link java.io.EOFException} once every message it sent has been received,
 * and sending throws an {@link java.io.IOException} naming it; this holds also when the other end is gone before it
 * ever connected. If a process takes the other end later, this end talks to it from its next I/O on. An end whose
 * other end is never used anywhere waits, as a Python pipe whose other end is still open somewhere waits.
 *
 * <p><b>Files.</b> The creating process owns the socket path and the claim and count files of both ends and removes
 * them at its exit, or earlier once it has closed its copies of both ends and no live process holds either end (the
 * last holder removes them when it releases its end). A copy used after that finds a new pipe.
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
        CreatorCopies.opened(socketPath);
        return new Pipe(PipeEnds.intern(socketPath, true, true, duplex, true),
            PipeEnds.intern(socketPath, false, duplex, true, true));
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
