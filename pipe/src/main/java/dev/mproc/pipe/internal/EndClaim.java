package dev.mproc.pipe.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The claim file of one pipe end: which process attached it, or that it was closed. It is what turns "one end used
 * in two processes" into a clear error instead of two processes reading one stream.
 *
 * <pre>
 *   file:    &lt;socket file&gt;.left  or  &lt;socket file&gt;.right, beside the rendezvous socket
 *   content: "&lt;pid&gt;"          attached in that process
 *            "closed &lt;pid&gt;"   closed by the process that had attached it
 * </pre>
 *
 * <p>A claim is made atomically with its content (a hard link of a finished temporary file, which fails when the
 * claim exists) and rewritten atomically (a rename over it), so readers never see a half-written claim.
 *
 * <p><b>Thread safety:</b> stateless apart from the path; safe from any thread. <b>Process safety:</b> exactly one
 * process wins a claim; the others read who holds it.
 */
final class EndClaim {

    private static final String CLOSED = "closed ";
    private static final long PID = ProcessHandle.current().pid();

    /** What a claim file says. */
    enum State { ABSENT, ATTACHED, CLOSED }

    /** A claim as read: its state and the pid it names (0 when absent). */
    static final class Holder {
        final State state;
        final long pid;

        Holder(final State state, final long pid) {
            this.state = state;
            this.pid = pid;
        }

        /** @return whether the other end can never send again: closed, or its process died */
        boolean isGone() {
            return state == State.CLOSED || state == State.ATTACHED && !isAlive(pid);
        }
    }

    private final Path path;

    EndClaim(final Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * Claims the end for this process.
     *
     * @param endName the end, for the message
     * @throws IllegalStateException when another process holds or held it (named in the message)
     * @throws IOException           when the file cannot be written
     */
    void claim(final String endName) throws IOException {
        final Path draft = write(Long.toString(PID));
        try {
            Files.createLink(path, draft);
        } catch (final FileAlreadyExistsException e) {
            throw alreadyClaimed(endName, read());
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** Records that the process which attached the end has closed it. */
    void markClosed() throws IOException {
        final Path draft = write(CLOSED + PID);
        try {
            Files.move(draft, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** @return what the claim says now */
    Holder read() {
        final String content;
        try {
            content = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (final NoSuchFileException e) {
            return new Holder(State.ABSENT, 0);
        } catch (final IOException e) {
            return new Holder(State.ABSENT, 0);
        }
        try {
            if (content.startsWith(CLOSED)) {
                return new Holder(State.CLOSED, Long.parseLong(content.substring(CLOSED.length())));
            }
            return new Holder(State.ATTACHED, Long.parseLong(content));
        } catch (final NumberFormatException e) {
            return new Holder(State.ABSENT, 0);
        }
    }

    static boolean isAlive(final long pid) {
        return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static IllegalStateException alreadyClaimed(final String endName, final Holder holder) {
        if (holder.state == State.CLOSED) {
            return new IllegalStateException("the " + endName + " was already used and closed in process "
                + holder.pid + "; a pipe end is attached in one process only, once");
        }
        if (holder.pid == PID) {
            return new IllegalStateException("the " + endName + " is already attached in this process by another"
                + " copy of it; use that copy");
        }
        if (!isAlive(holder.pid)) {
            return new IllegalStateException("the " + endName + " was attached in process " + holder.pid
                + ", which has died; a pipe end is attached in one process only");
        }
        return new IllegalStateException("the " + endName + " is in use by process " + holder.pid
            + "; a pipe end is attached in one process only (send it before using it, or use a Queue for many"
            + " producers or consumers)");
    }

    private Path write(final String content) throws IOException {
        final Path draft = path.resolveSibling(path.getFileName() + "." + PID + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
        Files.writeString(draft, content, StandardCharsets.US_ASCII);
        return draft;
    }
}
