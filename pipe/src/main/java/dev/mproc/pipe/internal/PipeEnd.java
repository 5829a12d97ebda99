package dev.mproc.pipe.internal;

import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.Authenticator;
import dev.mproc.internal.wire.FrameChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rendezvous of one pipe end: how an end that crossed into some process finds the other end, wherever that is,
 * and finds it again when the process holding the other end changes.
 *
 * <p>A pipe is a socket path in the runtime directory, reserved but not bound, and the claims of its two ends
 * ({@link EndClaim}). On its first I/O an end attaches, in a thread of its own so that a slow peer costs the caller
 * only the time it chose to wait: it claims its end; then, if the socket file exists, it connects and completes the
 * client side of the authkey handshake; otherwise it binds the path, accepts peers until one passes the server side
 * of the handshake (others are dropped unread) and removes the socket file. Whichever end comes first binds, so
 * neither end waits for the other to attach unless it needs the other to transfer a message. While waiting it
 * watches the other end's claim: released, or held by a dead process, means the other end is gone.
 *
 * <p>After the handshake the two ends exchange greetings ({@link PipeProtocol}); an end of another version of the
 * pipe protocol, found in its greeting or in its claim, fails the attachment with both versions named.
 *
 * <p>A binder binds a name of its own end and links it to the pipe's path once it listens, so the path never names a
 * live binder that refuses; a connecting end refused by the path removes it as the file of a binder that died. A
 * binder watches that the path still names its own file (the same inode) and starts over when it does not, meeting
 * the other end at its newer file; it removes only its own file. Otherwise the two ends could each wait on a file
 * the other cannot see: the hang of a loaded machine, when the path was bound directly and a peer refused in the
 * instant between bind and listen removed it as stale.
 *
 * <p>A connection lasts as long as the two holders it joined (a <em>session</em>). When the other end's holder has
 * ended (closed it, exited, died) and another process has taken the other end since, {@link #renew} attaches again,
 * to the new holder, the same way.
 *
 * <p>Files: the creating process owns the socket path and both ends' claims and removes them at its exit, or earlier
 * when it has closed its copies of both ends and no other live process holds either; when one does, the last holder
 * to release its end removes them.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>Process safety:</b> an end is held by one process at a time;
 * a copy attaching while a live process holds it fails with {@link IllegalStateException} naming that process.
 */
public final class PipeEnd {

    private static final System.Logger LOG = System.getLogger(PipeEnd.class.getName());
    private static final long WATCH_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 20;

    private final Path socketPath;
    private final String side;
    private final String otherSide;
    private final String pipeName;
    private final EndClaim own;
    private final EndClaim other;
    /** Whether this is one of the two copies {@code Pipe.open} made, whose closing lets the pipe's files go. */
    private final boolean creatorCopy;

    private final Object lock = new Object();
    /** Set on first I/O, replaced by each renewal; guarded by lock. */
    private CompletableFuture<Attachment> attaching;
    private volatile boolean closing;
    /** The generation of this end's claim taken here, -1 before. */
    private volatile long generation = -1;
    private volatile ServerSocketChannel server;
    /** Opened when the end is claimed here. */
    private volatile DeliveryRecord ownDeliveries;
    private volatile DeliveryRecord peerDeliveries;

    /**
     * @param socketPath the pipe's rendezvous path
     * @param left       whether this is the left end
     * @param creatorCopy whether this is a copy made by the pipe's creator when it opened the pipe
     */
    PipeEnd(final Path socketPath, final boolean left, final boolean creatorCopy) {
        this.socketPath = socketPath;
        this.side = left ? "left" : "right";
        this.otherSide = left ? "right" : "left";
        final String file = socketPath.getFileName().toString();
        this.pipeName = file.endsWith(".sock") ? file.substring(0, file.length() - 5) : file;
        this.own = new EndClaim(claimPath(socketPath, side));
        this.other = new EndClaim(claimPath(socketPath, otherSide));
        this.creatorCopy = creatorCopy;
    }

    /**
     * @param socketPath a pipe's rendezvous path
     * @param side       {@code "left"} or {@code "right"}
     * @return the path an end's claims are named after (and removed with)
     */
    public static Path claimPath(final Path socketPath, final String side) {
        return socketPath.resolveSibling(socketPath.getFileName() + "." + side);
    }

    /** @return this end's count of the messages it received; opened when the end was claimed here */
    DeliveryRecord ownDeliveries() {
        return ownDeliveries;
    }

    /** @return the other end's count of the messages it received; opened when this end was claimed here */
    DeliveryRecord peerDeliveries() {
        return peerDeliveries;
    }

    private Path deliveriesPath(final String ofSide) {
        final Path claims = claimPath(socketPath, ofSide);
        return claims.resolveSibling(claims.getFileName() + ".delivered");
    }

    /** @return e.g. {@code left end of pipe-1234-k3j2} */
    String name() {
        return side + " end of " + pipeName;
    }

    /**
     * Starts attaching if this is the first call, and waits for the attachment (the latest, after a renewal).
     *
     * @param timeoutNanos how long to wait; {@link Long#MAX_VALUE} waits until attached
     * @return the attachment, or null when it is not there within the timeout
     * @throws IllegalStateException  when another live process holds the end
     * @throws InterruptedIOException when interrupted while waiting (the attachment goes on)
     * @throws IOException            when this end is closed or attaching failed
     */
    Attachment await(final long timeoutNanos) throws IOException {
        start();
        final CompletableFuture<Attachment> result;
        synchronized (lock) {
            result = attaching;
        }
        try {
            if (timeoutNanos == Long.MAX_VALUE) {
                return result.get();
            }
            return result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (final TimeoutException e) {
            return null;
        } catch (final InterruptedException e) {
            throw new InterruptedIOException("interrupted while the " + name() + " waited for the other end");
        } catch (final ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /**
     * Stops attaching and releases the end's claim, so that another process may take it; the caller has closed the
     * channel (flushing what it had to send). For an end that never started attaching here the close is local.
     */
    void close() {
        final CompletableFuture<Attachment> result;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            result = attaching;
        }
        if (result == null) {
            copyClosed();
            return;
        }
        closeQuietly(server);
        result.whenComplete((attachment, failure) -> {
            if (attachment != null && attachment.channel() != null) {
                attachment.channel().close();
            }
            release();
            copyClosed();
        });
    }

    /**
     * Starts attaching, if this is the first call: the end is claimed here, in the caller's thread, so that a copy
     * used while another process holds it fails at once; the rest goes on in the background.
     *
     * @return the attachment to come
     * @throws IllegalStateException when another live process holds the end
     * @throws IOException           when this end is closed or the claim cannot be written
     */
    CompletableFuture<Attachment> start() throws IOException {
        synchronized (lock) {
            if (closing) {
                throw new IOException("the " + name() + " is closed");
            }
            if (attaching == null) {
                generation = own.claim(name());
                ownDeliveries = DeliveryRecord.open(deliveriesPath(side));
                peerDeliveries = DeliveryRecord.open(deliveriesPath(otherSide));
                attaching = attachInBackground();
            }
            return attaching;
        }
    }

    /**
     * Attaches again when the session that ended is over for good on the other side and another process has taken
     * the other end since: the new attachment connects to that process.
     *
     * @param ended the attachment whose connection ended (the other end closed or its process died)
     * @return the attachment to come, the one already coming when a renewal is under way, one failed already when a
     *         process of another version of the pipe protocol has taken the other end (both versions named), or null
     *         when nobody has taken the other end since (the caller reports the end of the stream)
     * @throws IOException when this end is closed
     */
    CompletableFuture<Attachment> renew(final Attachment ended) throws IOException {
        synchronized (lock) {
            if (closing) {
                throw new IOException("the " + name() + " is closed");
            }
            if (attaching != null && !attaching.isDone()) {
                return attaching;
            }
            final EndClaim.Holder holder = other.read();
            if (holder.generation <= ended.peerGeneration()) {
                return null;
            }
            if (holder.state == EndClaim.State.OTHER_VERSION) {
                // Nothing to attach to, and no thread needed to say so.
                return CompletableFuture.failedFuture(new IOException(other.versionMismatch(holder)));
            }
            if (!holder.isHeld()) {
                return null;
            }
            attaching = attachInBackground();
            return attaching;
        }
    }

    /**
     * @param session an attachment of this end
     * @return whether another process has taken the other end since that attachment (one {@code stat}; the renewal
     *         then reads the claim itself)
     */
    boolean otherTakenSince(final Attachment session) {
        return Files.exists(other.generation(session.peerGeneration() + 1));
    }

    private CompletableFuture<Attachment> attachInBackground() {
        final CompletableFuture<Attachment> result = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                result.complete(attach());
            } catch (final IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "mproc-pipe-attach");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private Attachment attach() throws IOException {
        long backoff = 1;
        while (true) {
            checkClosing();
            final Attachment gone = otherEndGone();
            if (gone != null) {
                return gone;
            }
            if (Files.exists(socketPath)) {
                final SocketChannel socket = tryConnect();
                if (socket != null) {
                    return authenticateAsClient(socket);
                }
            } else {
                final ServerSocketChannel bound = tryBind();
                if (bound != null) {
                    final Attachment attached = acceptPeer(bound);
                    if (attached != null) {
                        return attached;
                    }
                    continue;
                }
            }
            // A binder between bind and listen, or a stale socket file: try again shortly.
            sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private SocketChannel tryConnect() {
        final Object refusing = fileKey(socketPath);
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
        } catch (final ConnectException refused) {
            // Nobody listens: the file of a binder that died (a live one links its file only once it listens, and
            // unlinks it before it closes). Removing it, and no newer file, can only help the two ends meet.
            if (refusing != null && refusing.equals(fileKey(socketPath))) {
                try {
                    Files.deleteIfExists(socketPath);
                } catch (final IOException ignored) {
                    // Then the next round tries again.
                }
            }
            return null;
        } catch (final IOException e) {
            return null;
        }
    }

    /**
     * Binds this end's own name and links it to the pipe's path once it listens: the path never names a socket that
     * refuses, and of two ends binding at once exactly one link is made. The own name keeps the file's inode, so
     * "the path is still my file" is a comparison of inodes that cannot be fooled by a reused one.
     */
    private ServerSocketChannel tryBind() throws IOException {
        final Path name = boundPath();
        Files.deleteIfExists(name); // left by a holder of this end killed while it listened
        final ServerSocketChannel bound = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            bound.bind(UnixDomainSocketAddress.of(name), 8);
        } catch (final IOException | RuntimeException e) {
            // Nobody else binds this end's own name: a failure here will not go away by trying again.
            closeQuietly(bound);
            throw new IOException("cannot attach the " + name() + ": cannot listen on " + name + ": " + e, e);
        }
        try {
            Files.createLink(socketPath, name);
        } catch (final FileAlreadyExistsException e) {
            // The other end's file came first: connect to it next round.
            closeQuietly(bound);
            Files.deleteIfExists(name);
            return null;
        } catch (final IOException | RuntimeException e) {
            closeQuietly(bound);
            Files.deleteIfExists(name);
            throw new IOException("cannot attach the " + name() + ": cannot link " + name + " to " + socketPath
                + ": " + e, e);
        }
        server = bound;
        if (closing) {
            unbind(bound);
            throw closedWhileAttaching();
        }
        return bound;
    }

    /** @return the name this end binds before linking it to the pipe's path; removed with this end's claims */
    private Path boundPath() {
        final Path claims = claimPath(socketPath, side);
        return claims.resolveSibling(claims.getFileName() + ".b");
    }

    /** @return whether the pipe's path is the file this end bound */
    private boolean pathIsOwnFile() {
        final Object key = fileKey(socketPath);
        return key != null && key.equals(fileKey(boundPath()));
    }

    /**
     * The path goes before the socket closes, so that no peer is refused by it (but for {@link #close()}, which closes
     * the socket first to stop the wait: a peer refused then removes the path itself); only this end's own file goes.
     */
    private void unbind(final ServerSocketChannel bound) {
        if (pathIsOwnFile()) {
            removeSocketFile();
        }
        closeQuietly(bound);
        removeFile(boundPath());
    }

    /** @return the identity (device and inode) of the file at a path, or null when there is none */
    private static Object fileKey(final Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (final IOException e) {
            return null;
        }
    }

    private Attachment authenticateAsClient(final SocketChannel socket) throws IOException {
        final FrameChannel channel = FrameChannel.of(socket, peerName());
        final int peerVersion;
        try {
            Authenticator.clientHandshake(channel, ProcessContext.authkey());
            peerVersion = PipeProtocol.exchangeGreetings(channel);
        } catch (final IOException e) {
            channel.close();
            final Attachment gone = otherEndGone();
            if (gone != null) {
                return gone;
            }
            checkClosing();
            throw new IOException("cannot attach the " + name() + ": the handshake with the other end failed: "
                + e.getMessage(), e);
        }
        return greeted(channel, peerVersion);
    }

    /**
     * Accepts until a peer authenticates; null when the pipe's path no longer names the file bound here (removed as
     * stale, or removed and bound again by the other end) and attaching must start over: listening on a file nobody
     * can find would wait for ever while the other end waits on its own.
     */
    private Attachment acceptPeer(final ServerSocketChannel bound) throws IOException {
        try (Selector selector = Selector.open()) {
            bound.configureBlocking(false);
            bound.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                checkClosing();
                final Attachment gone = otherEndGone();
                if (gone != null) {
                    return gone;
                }
                if (!pathIsOwnFile()) {
                    return null;
                }
                selector.select(WATCH_MILLIS);
                selector.selectedKeys().clear();
                final SocketChannel socket = bound.accept();
                if (socket == null) {
                    continue;
                }
                final FrameChannel channel = FrameChannel.of(socket, peerName());
                final int peerVersion;
                try {
                    Authenticator.serverHandshake(channel, ProcessContext.authkey());
                    peerVersion = PipeProtocol.exchangeGreetings(channel);
                } catch (final IOException e) {
                    channel.close();
                    LOG.log(System.Logger.Level.DEBUG, "dropped a peer of the {0} that failed the handshake: {1}",
                        name(), e.getMessage());
                    continue;
                }
                // An authenticated peer is the other end: one of another version is reported, not waited past.
                return greeted(channel, peerVersion);
            }
        } catch (final IOException e) {
            checkClosing();
            throw e;
        } finally {
            server = null;
            unbind(bound);
        }
    }

    /** The other end authenticated and greeted: connected when it speaks this version of the protocol. */
    private Attachment greeted(final FrameChannel channel, final int peerVersion) throws IOException {
        if (peerVersion != PipeProtocol.VERSION) {
            channel.close();
            throw new IOException("cannot attach the " + name() + ": "
                + PipeProtocol.mismatch(peerVersion, "at the other end (" + channel.peer() + ")"));
        }
        return connected(channel);
    }

    private Attachment connected(final FrameChannel channel) throws IOException {
        if (closing) {
            channel.close();
            throw closedWhileAttaching();
        }
        // The peer claimed its end before it connected, so the claim in force is the peer's.
        return Attachment.connected(channel, generation, other.read().generation);
    }

    /**
     * @return the attachment of an end whose other end is gone, or null while it may come
     * @throws IOException when the other end's claim is of another version of the pipe protocol
     */
    private Attachment otherEndGone() throws IOException {
        final EndClaim.Holder holder = other.read();
        if (holder.state == EndClaim.State.OTHER_VERSION) {
            throw new IOException("cannot attach the " + name() + ": " + other.versionMismatch(holder));
        }
        if (holder.state == EndClaim.State.RELEASED) {
            return Attachment.gone("the " + otherSide + " end of " + pipeName + " was closed by process "
                + holder.pid + ", its last holder", generation, holder.generation);
        }
        if (holder.isEnded()) {
            return Attachment.gone("process " + holder.pid + ", which held the " + otherSide + " end of " + pipeName
                + ", has died", generation, holder.generation);
        }
        return null;
    }

    private String peerName() {
        final EndClaim.Holder holder = other.read();
        return "the " + otherSide + " end of " + pipeName
            + (holder.state == EndClaim.State.ABSENT || holder.state == EndClaim.State.OTHER_VERSION ? ""
                : " (process " + holder.pid + ")");
    }

    private void release() {
        if (generation < 0) {
            return;
        }
        try {
            own.release(generation);
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot record the " + name() + " as released", e);
        }
        if (Files.exists(orphanedPath()) && !other.read().isHeld()) {
            removeFiles();
        }
    }

    /**
     * The creator's copies of both ends are closed: the pipe's files go once no live process holds either end, now
     * or, marked as orphaned, when the last holder releases its end. A copy taken after that finds the pipe new.
     */
    private void copyClosed() {
        if (!creatorCopy || !CreatorCopies.closed(socketPath)) {
            return;
        }
        if (heldElsewhere()) {
            try {
                Files.createFile(orphanedPath());
            } catch (final IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot mark " + pipeName + " as orphaned", e);
            }
            if (heldElsewhere()) {
                return;
            }
        }
        removeFiles();
    }

    private boolean heldElsewhere() {
        final long self = ProcessHandle.current().pid();
        final EndClaim.Holder mine = own.read();
        final EndClaim.Holder theirs = other.read();
        return mine.isHeld() && mine.pid != self || theirs.isHeld() && theirs.pid != self;
    }

    private void removeFiles() {
        removeClaim(claimPath(socketPath, side));
        removeClaim(claimPath(socketPath, otherSide));
        removeSocketFile();
        removeFile(orphanedPath());
    }

    private Path orphanedPath() {
        return socketPath.resolveSibling(socketPath.getFileName() + ".orphaned");
    }

    private void checkClosing() throws IOException {
        if (closing) {
            throw closedWhileAttaching();
        }
    }

    private IOException closedWhileAttaching() {
        return new IOException("the " + name() + " was closed while it attached");
    }

    private void removeSocketFile() {
        removeFile(socketPath);
    }

    private static void removeFile(final Path path) {
        RuntimeDirectory.files().release(path);
    }

    /** A claim goes with its generations and the drafts a process killed while claiming may have left. */
    private static void removeClaim(final Path path) {
        RuntimeDirectory.files().releaseWithDerived(path);
    }

    private static void closeQuietly(final ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Closing a listening socket cannot fail in a way that matters here.
            }
        }
    }

    private static void sleep(final long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            throw new InterruptedIOException("interrupted while attaching a pipe end");
        }
    }

    private static IOException rethrown(final Throwable cause) {
        if (cause instanceof IllegalStateException) {
            throw new IllegalStateException(cause.getMessage(), cause);
        }
        if (cause instanceof EOFException) {
            final EOFException eof = new EOFException(cause.getMessage());
            eof.initCause(cause);
            return eof;
        }
        return new IOException(cause.getMessage(), cause);
    }
}
