package dev.mproc;

/**
 * How frames travel after the authkey handshake of a connection.
 *
 * <p>Over TCP, mproc protects every frame by default ({@link #PROTECTED}): a peer on the path that does not hold the
 * authkey can neither read, inject, alter, replay nor reorder a frame. Python's {@code multiprocessing.connection}
 * sends plain frames, so talking to a Python peer over TCP is an explicit choice ({@link #PYTHON_COMPATIBLE}). Over
 * a Unix domain socket, which lives in a directory only its owner can enter, both modes send plain frames, exactly
 * as Python does.
 *
 * <p>Both ends of a TCP connection must choose the same mode: each end states its mode in its handshake challenge,
 * and a mismatch fails the connection on both ends with an {@link AuthenticationException} that says so, never a
 * silent garbling.
 *
 * <p><b>Thread safety:</b> an enum, immutable. <b>Process safety:</b> a per-connection choice, agreed by both ends.
 */
public enum WireMode {

    /**
     * The default: over TCP, frames are sealed with AES-GCM under per-direction keys derived from the authkey and
     * both handshake challenges, so that injection, alteration, replay and reordering drop the connection and the
     * payloads are confidential. Over a Unix domain socket, plain frames.
     */
    PROTECTED,

    /**
     * Plain frames over TCP as over Unix sockets, exactly as Python's {@code multiprocessing.connection} sends them:
     * the authkey decides who may connect, nothing protects the frames afterwards. Choose it to talk to a Python
     * peer over TCP, on a network you trust.
     */
    PYTHON_COMPATIBLE
}
