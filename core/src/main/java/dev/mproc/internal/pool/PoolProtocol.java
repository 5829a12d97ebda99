package dev.mproc.internal.pool;

/**
 * The messages between a pool and its workers, one per frame of the worker's authenticated
 * {@link dev.mproc.internal.wire.FrameChannel}. Integers are big-endian.
 *
 * <pre>
 * pool to worker
 *   RUN     type:u8=1  unitId:i64  jobId:i64  keep:u8  fnLength:i32  fn:bytes[fnLength]  items
 *           (fnLength = -1: the worker has the function of jobId already; keep = 1: it should hold on to it)
 *   FORGET  type:u8=2  jobId:i64                     (the job is over: drop its function)
 *   STOP    type:u8=3                                (finish: exit with code 0)
 *
 * worker to pool
 *   HELLO   type:u8=10 version:u8  workerId:i32  status:u8  [failure when status = FAILED: the initializer threw]
 *           (the pool checks type, version, length and that it is starting that worker before it decodes a byte
 *            of the failure)
 *   RESULT  type:u8=11 unitId:i64    status:u8  runNanos:i64  items (OK) | failure (FAILED)
 *           (runNanos: how long the unit ran in the worker, which tells the pool whether to queue ahead)
 *
 *   items   = count:i32  ( length:i32  value:bytes[length] ){count}        each value by the codec
 *   failure = standInLength:i32  standIn:bytes  original:bytes[rest]
 *             (standIn: the codec's encoding of a RemoteTaskException; original: the exception itself, or nothing
 *              when it cannot be encoded)
 * </pre>
 *
 * <p>A worker runs one unit at a time, in the order the RUN messages arrive, and answers each with one RESULT, so
 * the pool knows which unit a worker is running: the oldest it has not answered.
 */
final class PoolProtocol {

    static final byte RUN = 1;
    static final byte FORGET = 2;
    static final byte STOP = 3;
    static final byte HELLO = 10;
    static final byte RESULT = 11;

    /** The protocol version a worker states in its HELLO; the pool refuses another. */
    static final byte VERSION = 1;
    /** Bytes of a HELLO before its failure, if any. */
    static final int HELLO_HEADER_LENGTH = 7;

    static final byte OK = 0;
    static final byte FAILED = 1;

    private PoolProtocol() {
    }

    /**
     * Checks a worker's first message without decoding any of its payload.
     *
     * @param message the message
     * @return the worker id it states
     * @throws java.io.StreamCorruptedException when it is not a HELLO of this version and length
     */
    static int helloWorkerId(final byte[] message) throws java.io.StreamCorruptedException {
        if (message.length < HELLO_HEADER_LENGTH || message[0] != HELLO) {
            throw new java.io.StreamCorruptedException("a pool worker did not start with HELLO");
        }
        if (message[1] != VERSION) {
            throw new java.io.StreamCorruptedException("a pool worker speaks protocol version " + message[1]
                + ", this pool " + VERSION);
        }
        final byte status = message[HELLO_HEADER_LENGTH - 1];
        if (status != OK && status != FAILED || (status == OK) != (message.length == HELLO_HEADER_LENGTH)) {
            throw new java.io.StreamCorruptedException("a pool worker's HELLO is malformed");
        }
        return java.nio.ByteBuffer.wrap(message, 2, 4).getInt();
    }
}
