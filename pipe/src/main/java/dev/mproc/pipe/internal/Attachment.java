package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameChannel;

/**
 * How a pipe end attached: a live, authenticated channel to the other end, or the news that the other end is gone
 * (closed, or its process died) before it ever connected.
 *
 * <p><b>Thread safety:</b> immutable. <b>Process safety:</b> meaningful only in the process that attached.
 */
public final class Attachment {

    private final FrameChannel channel;
    private final String peerGone;

    private Attachment(final FrameChannel channel, final String peerGone) {
        this.channel = channel;
        this.peerGone = peerGone;
    }

    /**
     * @param channel an authenticated channel to the other end
     * @return the attachment
     */
    public static Attachment connected(final FrameChannel channel) {
        return new Attachment(channel, null);
    }

    /**
     * @param why what happened to the other end, for error messages
     * @return the attachment of an end whose other end is gone
     */
    public static Attachment gone(final String why) {
        return new Attachment(null, why);
    }

    /** @return the channel, or null when the other end is gone */
    public FrameChannel channel() {
        return channel;
    }

    /** @return why there is no channel, or null when there is one */
    public String peerGone() {
        return peerGone;
    }
}
