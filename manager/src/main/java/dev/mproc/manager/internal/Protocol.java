package dev.mproc.manager.internal;

import dev.mproc.internal.Codec;
import dev.mproc.internal.wire.FrameBuffer;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * The layout of the manager's messages, after the authkey handshake of the wire, and their encoding.
 *
 * <pre>
 * hello    (client, first message)  codec String: "mproc-manager &lt;version&gt; &lt;sessionId&gt; &lt;pid&gt;"
 * welcome  (server reply)           codec String: the server id
 *
 * request  +--------------+-------------+----------------+----------+--------------------------------+
 *          | objectId:i64 | method:i32  | callerThread:i64| argc:u8 | argc x (length:i32, codec bytes)|
 *          +--------------+-------------+----------------+----------+--------------------------------+
 * reply    +-----------+----------------------------------------------------------------------+
 *          | status:u8 | codec bytes: the result (RETURNED, CLAIMED) or the Throwable (THREW) |
 *          +-----------+----------------------------------------------------------------------+
 * </pre>
 *
 * All integers are big-endian. One request is answered by one reply before the next request on the same connection;
 * a client that wants concurrency opens more connections.
 *
 * <p>Claims: a reply with status {@link #CLAIMED} carries elements that the call took off a queue. They stay claimed
 * by that connection on the server until the next message on it (the client has read the reply then), and go back to
 * the front of their queue if the connection ends first. A client decodes such a reply, then sends
 * {@link #ACKNOWLEDGE} (a request header with that method number and no argument, which gets no reply) before it
 * hands the result on; so a consumer that dies before the acknowledgement loses nothing, as in the queue module.
 */
public final class Protocol {

    /** The version in the hello; a server refuses another. */
    public static final int VERSION = 3;

    /** Offset of the object id in a request. */
    public static final int OBJECT_ID_OFFSET = 0;
    /** Offset of the method index in a request. */
    public static final int METHOD_OFFSET = 8;
    /** Offset of the calling thread's id in a request. */
    public static final int CALLER_THREAD_OFFSET = 12;
    /** Offset of the argument count in a request. */
    public static final int ARGC_OFFSET = 20;
    /** Length of a request's fixed header. */
    public static final int REQUEST_HEADER_LENGTH = 21;
    /** The most arguments a method may take. */
    public static final int MAX_ARGS = 255;

    /** Reply status: the method returned; the codec bytes are its result. */
    public static final byte RETURNED = 0;
    /** Reply status: the method threw; the codec bytes are the exception. */
    public static final byte THREW = 1;
    /** Reply status: the method returned elements it took off a queue, claimed until acknowledged. */
    public static final byte CLAIMED = 2;
    /** Method number of the request that acknowledges a {@link #CLAIMED} reply; it gets no reply. */
    public static final int ACKNOWLEDGE = -1;

    /** The payload bytes a connection's message buffer makes room for at first. */
    public static final int BUFFER_CAPACITY = 256;

    /** Object id of the server's control object ({@link ServerControl}). */
    public static final long CONTROL_ID = 0;

    private Protocol() {
    }

    /**
     * Writes a request.
     *
     * @param out          the buffer, reset here
     * @param codec        the codec for the arguments
     * @param objectId     the target
     * @param method       the method index in the target's {@link MethodTable}
     * @param callerThread the id of the calling thread in the client
     * @param args         the arguments (null for none)
     * @throws IOException when an argument cannot be encoded (nothing is sent then)
     */
    public static void writeRequest(final FrameBuffer out, final Codec codec, final long objectId, final int method,
                                    final long callerThread, final Object[] args) throws IOException {
        final int argc = args == null ? 0 : args.length;
        if (argc > MAX_ARGS) {
            throw new IllegalArgumentException("a managed method takes at most " + MAX_ARGS + " arguments");
        }
        out.reset();
        out.putLong(objectId);
        out.putInt(method);
        out.putLong(callerThread);
        out.write(argc);
        for (int i = 0; i < argc; i++) {
            final int lengthAt = out.reserveInt();
            codec.encode(args[i], out);
            out.patchInt(lengthAt, out.payloadLength() - lengthAt - 4);
        }
    }

    /**
     * Writes the acknowledgement of a {@link #CLAIMED} reply.
     *
     * @param out the buffer, reset here
     */
    public static void writeAcknowledge(final FrameBuffer out) {
        out.reset();
        out.putLong(CONTROL_ID);
        out.putInt(ACKNOWLEDGE);
        out.putLong(0);
        out.write(0);
    }

    /**
     * Reads the arguments of a request.
     *
     * @param message the request
     * @param codec   the codec
     * @return the arguments
     * @throws IOException when the message is malformed or an argument does not decode
     */
    public static Object[] readArguments(final byte[] message, final Codec codec) throws IOException {
        if (message.length < REQUEST_HEADER_LENGTH) {
            throw new StreamCorruptedException("manager request of " + message.length + " bytes is too short");
        }
        final int argc = message[ARGC_OFFSET] & 0xFF;
        final Object[] args = new Object[argc];
        int at = REQUEST_HEADER_LENGTH;
        for (int i = 0; i < argc; i++) {
            if (at + 4 > message.length) {
                throw new StreamCorruptedException("manager request truncated at argument " + i);
            }
            final int length = readInt(message, at);
            at += 4;
            if (length < 0 || at + length > message.length) {
                throw new StreamCorruptedException("manager request argument " + i + " has a bad length " + length);
            }
            args[i] = codec.decode(message, at, length);
            at += length;
        }
        return args;
    }

    /**
     * @param message a request
     * @param offset  where the long is
     * @return the big-endian long there
     */
    public static long readLong(final byte[] message, final int offset) {
        return ((long) readInt(message, offset) << 32) | (readInt(message, offset + 4) & 0xFFFFFFFFL);
    }

    /**
     * @param message a request
     * @param offset  where the int is
     * @return the big-endian int there
     */
    public static int readInt(final byte[] message, final int offset) {
        return ((message[offset] & 0xFF) << 24) | ((message[offset + 1] & 0xFF) << 16)
            | ((message[offset + 2] & 0xFF) << 8) | (message[offset + 3] & 0xFF);
    }

    /**
     * Writes a reply.
     *
     * @param out    the buffer, reset here
     * @param codec  the codec
     * @param status {@link #RETURNED}, {@link #CLAIMED} or {@link #THREW}
     * @param value  the result or the exception
     * @throws IOException when the value cannot be encoded
     */
    public static void writeReply(final FrameBuffer out, final Codec codec, final byte status, final Object value)
        throws IOException {
        out.reset();
        out.write(status);
        codec.encode(value, out);
    }
}
