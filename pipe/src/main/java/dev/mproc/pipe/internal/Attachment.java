package dev.mproc.pipe.internal;

import dev.mproc.internal.wire.FrameChannel;

/**
 * How a pipe end attached: a live, authenticated channel to the other end, or the news that the other end is gone
 * (closed, or its process died) before it ever connected; with the claim generations of the two holders it joined,
 * which name the session.
 *
 * <p><b>Thread safety:</b> immutable. <b>Process safety:</b> meaningful only in the process that attached.
 */
final class Attachment {

    private final FrameChannel channel;
    private final String peerGone;
    private final long ownGeneration;
    private final long peerGeneration;

    private Attachment(final FrameChannel channel, final String peerGone, final long ownGeneration,
                       final long peerGeneration) {
        this.channel = channel;
        this.peerGone = peerGone;
        this.ownGeneration = ownGeneration;
        this.peerGeneration = peerGeneration;
    }

    /**
     * @param channel        an authenticated channel to the other end
     * @param ownGeneration  the generation of this end's claim
     * @param peerGeneration the generation of the other end's claim
     * @return the attachment
     */
    public static Attachment connected(final FrameChannel channel, final long ownGeneration,
                                       final long peerGeneration) {
        return new Attachment(channel, null, ownGeneration, peerGeneration);
    }

    /**
     * @param channel an authenticated channel of a connection that is not a pipe end (from a listener, a client)
     * @return the attachment
     */
    public static Attachment connected(final FrameChannel channel) {
        return new Attachment(channel, null, -1, -1);
    }

    /**
     * @param why            what happened to the other end, for error messages
     * @param ownGeneration  the generation of this end's claim
     * @param peerGeneration the generation of the other end's claim that ended
     * @return the attachment of an end whose other end is gone
     */
    public static Attachment gone(final String why, final long ownGeneration, final long peerGeneration) {
        return new Attachment(null, why, ownGeneration, peerGeneration);
    }

    /** @return the channel, or null when the other end is gone */
    public FrameChannel channel() {
        return channel;
    }

    /** @return why there is no channel, or null when there is one */
    public String peerGone() {
        return peerGone;
    }

    /** @return the generation of this end's claim ({@code -1} for a connection that is not a pipe end) */
    public long ownGeneration() {
        return ownGeneration;
    }

    /** @return the generation of the other end's claim this attachment joined or found gone */
    public long peerGeneration() {
        return peerGeneration;
    }
}
