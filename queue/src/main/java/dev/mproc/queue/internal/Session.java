package dev.mproc.queue.internal;

import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The owner's side of one attached process's connection: the channel, and the items handed to that process that it
 * has not acknowledged yet.
 */
final class Session {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    final FrameChannel channel;
    /** Items sent in {@code ITEM} replies and not yet acknowledged, by request id; guarded by the store's lock. */
    final Map<Long, byte[]> inFlight = new HashMap<>();
    /** Set once the connection is gone, or dropped; guarded by the store's lock. */
    boolean closed;
    /** Set once the peer greeted with this protocol's version; guarded by the store's lock. */
    boolean greeted;

    Session(final FrameChannel channel) {
        this.channel = channel;
    }

    /**
     * Sends one message; a failure closes the channel, so that the reader notices and the session's in-flight items
     * go back to the queue.
     */
    void send(final byte[] message) {
        try {
            channel.send(message, 0, message.length);
        } catch (final IOException e) {
            // The reader still applies what the peer sent before it went (its acknowledgements above all), then
            // sees the end of the stream and ends the session; closing here would lose those messages.
            LOG.log(System.Logger.Level.DEBUG, "cannot reply to " + channel.peer() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Session[" + channel.peer() + "]";
    }
}
