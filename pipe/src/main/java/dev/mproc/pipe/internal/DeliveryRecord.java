package dev.mproc.pipe.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How many messages the holders of one pipe end have received in the current session: what lets the other end keep
 * only what is still unread, and hand what a holder that ended never read to the next one.
 *
 * <pre>
 *   file: &lt;socket file&gt;.left.delivered  (or .right.delivered), mapped, native byte order
 *   0                   8                   16
 *   +-------------------+-------------------+
 *   |  session key      |  delivered        |
 *   +-------------------+-------------------+
 *   session key: which session the count is of ({@link #sessionKey}); 0 before any message was received
 *   delivered:   messages of that session this end's holder has received (returned, or consumed by a failed receive)
 * </pre>
 *
 * <p>Only the end's holder writes, from one receiving thread at a time (this object's monitor): when it receives the
 * first message of a session it writes the count 0 (plain), then the key (release), then each count (release). The
 * other end's holder reads the key (acquire), then the count (acquire), and uses the count only when the key is its
 * session's: a count read after the key it belongs to is that session's. A holder killed by SIGKILL leaves its last
 * count in the page cache, where the next holder's sender finds it.
 *
 * <p><b>Thread safety:</b> safe from any thread. <b>Process safety:</b> one writing process (the end's holder), any
 * number of readers.
 */
final class DeliveryRecord {

    /** Offset of the session key. */
    static final int KEY_OFFSET = 0;
    /** Offset of the count of messages delivered in that session. */
    static final int DELIVERED_OFFSET = 8;
    /** Bytes of the file. */
    static final int LENGTH = 16;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
        ByteOrder.nativeOrder());

    private final MappedByteBuffer buffer;
    /** The session this process last counted for, and its count; guarded by this. */
    private long countedKey;
    private long counted;

    private DeliveryRecord(final MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Maps the record of an end, making the file when it does not exist yet (zeros: no session).
     *
     * @param path the record's path
     * @return the record
     * @throws IOException when the file cannot be made or mapped
     */
    public static DeliveryRecord open(final Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            // Mapping past the end extends the file (ftruncate), which keeps what another process wrote there.
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
            buffer.order(ByteOrder.nativeOrder());
            return new DeliveryRecord(buffer);
        }
    }

    /**
     * @param left           whether the key is computed by the left end
     * @param ownGeneration  the claim generation of the end computing it
     * @param peerGeneration the claim generation of the other end
     * @return the key both ends compute for the session between these two holders (never 0)
     */
    public static long sessionKey(final boolean left, final long ownGeneration, final long peerGeneration) {
        final long leftGeneration = left ? ownGeneration : peerGeneration;
        final long rightGeneration = left ? peerGeneration : ownGeneration;
        return (leftGeneration + 1) << 32 | (rightGeneration + 1) & 0xFFFF_FFFFL;
    }

    /**
     * Counts one message received by this end's holder.
     *
     * @param sessionKey the session it came in
     */
    public synchronized void delivered(final long sessionKey) {
        if (countedKey != sessionKey) {
            buffer.putLong(DELIVERED_OFFSET, 0);
            LONGS.setRelease(buffer, KEY_OFFSET, sessionKey);
            countedKey = sessionKey;
            counted = 0;
        }
        counted++;
        LONGS.setRelease(buffer, DELIVERED_OFFSET, counted);
    }

    /**
     * @param sessionKey a session
     * @return how many messages of that session this end's holders have received; 0 when the record is of another
     */
    public long deliveredIn(final long sessionKey) {
        if ((long) LONGS.getAcquire(buffer, KEY_OFFSET) != sessionKey) {
            return 0;
        }
        return (long) LONGS.getAcquire(buffer, DELIVERED_OFFSET);
    }
}
