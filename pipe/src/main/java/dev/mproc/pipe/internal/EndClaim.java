package dev.mproc.pipe.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The claims of one pipe end: which process holds it now, and whether that process still does. It is what turns "one
 * end used in two processes at once" into a clear error, and what lets an end whose holder has ended (closed it,
 * exited, or died) be taken by the next process.
 *
 * <pre>
 *   files:   &lt;socket file&gt;.left.&lt;generation&gt;  (or .right.&lt;generation&gt;), generation 0, 1, 2...
 *   content: "pipe-claim &lt;version&gt; held &lt;pid&gt; &lt;start&gt;"       held by that process
 *            "pipe-claim &lt;version&gt; released &lt;pid&gt; &lt;start&gt;"   its holder closed it, or exited normally
 *   version: {@link PipeProtocol#VERSION}; a claim of version 1 has no tag: "&lt;pid&gt; &lt;start&gt;", "released ..."
 *   start:   the holder's start time, epoch milliseconds (ProcessHandle.Info.startInstant)
 * </pre>
 *
 * <p>The claim in force is the highest generation. A process takes the end by creating the next generation, atomically
 * with its content (a hard link of a finished temporary file, which fails when that generation exists): of two
 * processes taking the same end, exactly one makes the generation, and the other then reads who holds it. A holder is
 * live while a process with its pid <em>and its start time</em> runs, so a pid reused by an unrelated process does
 * not keep a dead holder's end from being taken. A holder releases its generation by renaming a finished file over it,
 * so readers never see a half-written claim. Generations are never removed while the pipe's files exist, so they only
 * grow and tell two holders of one end apart. A claim of another version is not read further: taking the end, or
 * attaching to the other end, fails naming both versions ({@link #versionMismatch}).
 *
 * <p><b>Thread safety:</b> safe from any thread (the generation last seen is guarded by this object). <b>Process
 * safety:</b> exactly one process makes each generation; the others read who holds it.
 */
final class EndClaim {

    private static final String TAG = "pipe-claim";
    private static final String HELD = "held";
    private static final String RELEASED = "released";
    /** A claim of version 1, before the tag. */
    private static final Pattern UNVERSIONED = Pattern.compile("(released )?[0-9]+ [0-9]+");
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = startMillis(ProcessHandle.current());

    /** What the claim in force says; {@code OTHER_VERSION}: a claim of another version, whose holder is unknown. */
    enum State { ABSENT, HELD, RELEASED, OTHER_VERSION }

    /**
     * The claim in force as read: its state, generation (-1 when absent), holder, whether the holder lives, and the
     * version of the pipe protocol it was written in.
     */
    static final class Holder {
        final State state;
        final long generation;
        final long pid;
        final boolean alive;
        final int version;

        Holder(final State state, final long generation, final long pid, final boolean alive) {
            this(state, generation, pid, alive, PipeProtocol.VERSION);
        }

        private Holder(final State state, final long generation, final long pid, final boolean alive,
                       final int version) {
            this.state = state;
            this.generation = generation;
            this.pid = pid;
            this.alive = alive;
            this.version = version;
        }

        /** @return a claim of another version, whose holder is not read */
        static Holder otherVersion(final int version, final long generation) {
            return new Holder(State.OTHER_VERSION, generation, 0, false, version);
        }

        /** @return whether a live process holds the end now */
        boolean isHeld() {
            return state == State.HELD && alive;
        }

        /** @return whether the end had a holder that has ended (released it, or died): nobody can send on it now */
        boolean isEnded() {
            return state == State.RELEASED || state == State.HELD && !alive;
        }
    }

    private final Path base;
    /** The highest generation seen to exist, -1 for none; guarded by this. */
    private long seen = -1;

    /**
     * @param base the path the generations are named after ({@code <socket file>.left})
     */
    EndClaim(final Path base) {
        this.base = base;
    }

    /**
     * Takes the end for this process: makes the next generation when the end is new or its holder has ended.
     *
     * @param endName the end, for the message
     * @return the generation taken
     * @throws IllegalStateException when a live process holds it (named in the message)
     * @throws IOException           when the file cannot be written, or the claim in force is of another version of
     *                               the pipe protocol (both versions named)
     */
    long claim(final String endName) throws IOException {
        while (true) {
            final Holder holder = read();
            if (holder.state == State.OTHER_VERSION) {
                throw new IOException("cannot claim the " + endName + ": " + versionMismatch(holder));
            }
            if (holder.isHeld()) {
                throw heldElsewhere(endName, holder);
            }
            final long next = holder.generation + 1;
            final Path draft = write(content(HELD));
            try {
                Files.createLink(generation(next), draft);
                synchronized (this) {
                    seen = Math.max(seen, next);
                }
                return next;
            } catch (final FileAlreadyExistsException raced) {
                // Another process took this generation first: read who holds the end now.
                continue;
            } finally {
                Files.deleteIfExists(draft);
            }
        }
    }

    /**
     * Records that this process no longer holds the end: it may be taken by another.
     *
     * @param generation the generation this process took
     */
    void release(final long generation) throws IOException {
        final Path draft = write(content(RELEASED));
        try {
            Files.move(draft, generation(generation), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** @return the claim in force now */
    Holder read() {
        final long generation = latestGeneration();
        if (generation < 0) {
            return new Holder(State.ABSENT, -1, 0, false);
        }
        final String content;
        try {
            content = Files.readString(generation(generation), StandardCharsets.US_ASCII).trim();
        } catch (final IOException e) {
            // Removed with the pipe's files by its creator: the end is new again.
            synchronized (this) {
                seen = -1;
            }
            return new Holder(State.ABSENT, -1, 0, false);
        }
        return parse(content, generation);
    }

    /**
     * @param holder a claim read of another version ({@link State#OTHER_VERSION})
     * @return the two versions, and the claim's file: for the message of the failure it causes
     */
    String versionMismatch(final Holder holder) {
        return PipeProtocol.mismatch(holder.version, "in the claim " + generation(holder.generation));
    }

    private static String content(final String state) {
        return TAG + " " + PipeProtocol.VERSION + " " + state + " " + PID + " " + START;
    }

    private static Holder parse(final String content, final long generation) {
        final String[] fields = content.split(" ");
        try {
            if (!fields[0].equals(TAG)) {
                return UNVERSIONED.matcher(content).matches()
                    ? Holder.otherVersion(PipeProtocol.UNVERSIONED, generation) : garbled(generation);
            }
            final int version = Integer.parseInt(fields[1]);
            if (version != PipeProtocol.VERSION) {
                return Holder.otherVersion(version, generation);
            }
            final boolean released = fields[2].equals(RELEASED);
            if (!released && !fields[2].equals(HELD)) {
                return garbled(generation);
            }
            final long pid = Long.parseLong(fields[3]);
            final long start = Long.parseLong(fields[4]);
            return new Holder(released ? State.RELEASED : State.HELD, generation, pid, isAlive(pid, start));
        } catch (final NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return garbled(generation);
        }
    }

    /** Claims are made whole (a link or a rename of a finished file); nothing else writes these names. */
    private static Holder garbled(final long generation) {
        return new Holder(State.HELD, generation, 0, false);
    }

    /** @return the path of a generation */
    Path generation(final long generation) {
        return base.resolveSibling(base.getFileName() + "." + generation);
    }

    private long latestGeneration() {
        synchronized (this) {
            long generation = seen;
            if (generation >= 0 && !Files.exists(generation(generation))) {
                generation = -1;
            }
            while (Files.exists(generation(generation + 1))) {
                generation++;
            }
            seen = generation;
            return generation;
        }
    }

    /**
     * @param pid   a process id
     * @param start its start time as the claim records it
     * @return whether that process, not merely one with its pid, runs
     */
    static boolean isAlive(final long pid, final long start) {
        if (pid == PID) {
            return start == START;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .map(handle -> start == 0 || startMillis(handle) == 0 || startMillis(handle) == start).orElse(false);
    }

    private static long startMillis(final ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static IllegalStateException heldElsewhere(final String endName, final Holder holder) {
        if (holder.pid == PID) {
            return new IllegalStateException("the " + endName + " is already attached in this process by another"
                + " copy of it; use that copy");
        }
        return new IllegalStateException("the " + endName + " is in use by process " + holder.pid
            + "; a pipe end is used by one process at a time (it may be taken by another once that process has"
            + " closed it or ended; use a Queue for many producers or consumers)");
    }

    private Path write(final String content) throws IOException {
        final Path draft = base.resolveSibling(base.getFileName() + "." + PID + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
        Files.writeString(draft, content, StandardCharsets.US_ASCII);
        return draft;
    }
}
