package dev.mproc.queue.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The messages between a queue's owner and the processes attached to it, each carried in one frame of the core wire.
 *
 * <pre>
 *   0      1                      9                      17
 *  +------+----------------------+----------------------+---------------------------
 *  | op   | request id: s64 BE   | argument: s64 BE     | item: codec bytes (PUT, PUT_WAIT, ITEM only)
 *  +------+----------------------+----------------------+---------------------------
 * </pre>
 *
 * <p>Every message has the fixed {@value #HEADER_LENGTH}-byte header, so that the owner stores an item as the very
 * frame it received and hands it on by rewriting the header in place, without copying the item.
 *
 * <p>A connection starts with {@link #HELLO} (argument: the attaching process's {@link #VERSION}); the owner answers
 * {@link #HELLO} with its own version, and only when the two are equal does it serve the connection; otherwise it
 * drops the connection after that answer, so that each side can say which versions met. A request before the
 * greeting, or an operation the owner does not know, drops the connection too (an owner older than version 2 does
 * this to the greeting itself, which the attaching process reports as such). If the queue is shut down already, the
 * owner sends {@link #SHUTTING_DOWN} before its answer to the greeting.
 *
 * <p>Requests (attached process to owner), and the one final reply each gets:
 * <ul>
 *   <li>{@link #PUT}: an item, no reply; the producer streams them (unbounded queues). The write into the owner's
 *       socket is the durability point: the kernel queues the bytes on the owner's receiving socket, and the owner
 *       reads everything a socket received even after its peer died.</li>
 *   <li>{@link #PUT_WAIT} (argument: timeout in ns, -1 forever): an item; {@link #OK}, {@link #FULL} on timeout,
 *       {@link #SHUT_DOWN} once the queue is shut down (also to a put waiting for room then).</li>
 *   <li>{@link #GET} (argument: timeout): {@link #ITEM}, or {@link #EMPTY} on timeout, or {@link #SHUT_DOWN} when
 *       the queue is shut down and no item can come any more. The item stays in flight, owned by the connection,
 *       until {@link #ACK} (consumed) or {@link #RETURN} (put back at the front); if the connection drops first it is
 *       put back at the front.</li>
 *   <li>{@link #CANCEL} (request id of a waiting request): {@link #CANCELLED} to that request if it was still
 *       waiting; otherwise its own final reply was already sent, and nothing more is.</li>
 *   <li>{@link #SIZE}: {@link #SIZE_IS} with the size as argument.</li>
 *   <li>{@link #TASK_DONE}: {@link #OK}, or {@link #TOO_MANY_DONE}.</li>
 *   <li>{@link #JOIN} (argument: timeout): {@link #OK} once every item put has been marked done, or
 *       {@link #TIMED_OUT}.</li>
 *   <li>{@link #SHUTDOWN} (argument: 1 immediate, 0 not): {@link #OK} once every attached process has acknowledged
 *       the shutdown, or its connection has ended.</li>
 *   <li>{@link #PEEK_ALL}: {@link #ITEMS}: the items stored now, front first, in one message (argument: how many; the
 *       body: each item's length, 4 bytes, then its bytes), or {@link #TOO_LARGE} when they do not fit one message.
 *       Items in flight to a consumer are not stored, so not in it.</li>
 *   <li>{@link #REMOVE}: an item; {@link #OK} with argument 1 when a stored item of the same bytes was removed (the
 *       first from the front), 0 when none was.</li>
 *   <li>{@link #SHUTDOWN_SEEN}: no reply. It acknowledges {@link #SHUTTING_DOWN}: this process has stopped its
 *       streamed puts, and every one it sent is ahead of this message on the connection.</li>
 * </ul>
 * The owner sends {@link #SHUTTING_DOWN} (request id 0) to every attached process when the queue is shut down, once.
 * Until every process attached then has answered {@link #SHUTDOWN_SEEN} (or ended), a streamed put may still arrive,
 * so the owner tells a get on an empty queue that the queue is shut down only after that.
 * The owner sends {@link #CLOSING} (request id 0) to every attached process when it closes the queue, so that they
 * can tell a deliberate close from the owner's death (the connection just ends).
 */
public final class QueueProtocol {

    /** Bytes of the header every message starts with. */
    public static final int HEADER_LENGTH = 17;
    /** Timeout argument meaning: wait as long as it takes. */
    public static final long FOREVER = -1;

    /** An item, streamed without a reply. */
    public static final byte PUT = 1;
    /** An item to be stored when there is room, within the timeout. */
    public static final byte PUT_WAIT = 2;
    /** A request for one item within the timeout. */
    public static final byte GET = 3;
    /** The item of that request id was handed to the caller; forget it. */
    public static final byte ACK = 4;
    /** The item of that request id could not be handed over; put it back at the front. */
    public static final byte RETURN = 5;
    /** Stop waiting on behalf of that request id. */
    public static final byte CANCEL = 6;
    /** A request for the number of items stored. */
    public static final byte SIZE = 7;
    /** One item put earlier has been processed (JoinableQueue). */
    public static final byte TASK_DONE = 8;
    /** A request to wait until every item put has been processed (JoinableQueue). */
    public static final byte JOIN = 9;
    /** The first message of a connection, and the owner's answer to it: the argument is the sender's version. */
    public static final byte HELLO = 10;
    /** A request to shut the queue down (argument 1: immediately). */
    public static final byte SHUTDOWN = 11;
    /** This process saw {@link #SHUTTING_DOWN} and streams no more puts. */
    public static final byte SHUTDOWN_SEEN = 12;

    /** The items stored now, for a snapshot (version 3). */
    public static final byte PEEK_ALL = 13;
    /** An item to remove wherever it is stored (version 3). */
    public static final byte REMOVE = 14;

    /** Reply: done. */
    public static final byte OK = 65;
    /** Reply: the queue stayed full until the timeout. */
    public static final byte FULL = 66;
    /** Reply: the item follows the header. */
    public static final byte ITEM = 67;
    /** Reply: the queue stayed empty until the timeout. */
    public static final byte EMPTY = 68;
    /** Reply: the request was cancelled while it waited. */
    public static final byte CANCELLED = 69;
    /** Reply: the size is the argument. */
    public static final byte SIZE_IS = 70;
    /** Reply: taskDone was called more times than items were put. */
    public static final byte TOO_MANY_DONE = 71;
    /** Reply: the wait ended at the timeout. */
    public static final byte TIMED_OUT = 72;

    /** Notice: the owner closed the queue; the connection ends next. */
    public static final byte CLOSING = 73;
    /**
     * Reply: the queue is shut down (to a put), or shut down with no item left to come (to a get); the argument is
     * 1 when the shutdown was immediate.
     */
    public static final byte SHUT_DOWN = 74;
    /** Notice: the queue is shut down; stop streaming puts and answer {@link #SHUTDOWN_SEEN}. */
    public static final byte SHUTTING_DOWN = 75;
    /** The stored items, answering {@link #PEEK_ALL}. */
    public static final byte ITEMS = 76;
    /** The stored items do not fit one message. */
    public static final byte TOO_LARGE = 77;

    /**
     * The version of these messages, sent in {@link #HELLO}. Version 1 had no greeting; version 2 added it and the
     * shutdown messages; version 3 the snapshot and removal of stored items.
     */
    public static final long VERSION = 3;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private QueueProtocol() {
    }

    /**
     * Writes a header at the start of a message.
     *
     * @param message  the message, at least {@link #HEADER_LENGTH} bytes
     * @param op       the operation
     * @param id       the request id
     * @param argument the argument
     */
    public static void writeHeader(final byte[] message, final byte op, final long id, final long argument) {
        message[0] = op;
        LONGS.set(message, 1, id);
        LONGS.set(message, 9, argument);
    }

    /**
     * @param op       the operation
     * @param id       the request id
     * @param argument the argument
     * @return a message of a header alone
     */
    public static byte[] control(final byte op, final long id, final long argument) {
        final byte[] message = new byte[HEADER_LENGTH];
        writeHeader(message, op, id, argument);
        return message;
    }

    /** @return the greeting an attaching process sends first */
    public static byte[] hello() {
        return control(HELLO, 0, VERSION);
    }

    /**
     * @param op an operation
     * @return its name, for messages ({@code op 93} for one this version does not know)
     */
    public static String name(final byte op) {
        switch (op) {
            case PUT: return "PUT";
            case PUT_WAIT: return "PUT_WAIT";
            case GET: return "GET";
            case ACK: return "ACK";
            case RETURN: return "RETURN";
            case CANCEL: return "CANCEL";
            case SIZE: return "SIZE";
            case TASK_DONE: return "TASK_DONE";
            case JOIN: return "JOIN";
            case HELLO: return "HELLO";
            case SHUTDOWN: return "SHUTDOWN";
            case SHUTDOWN_SEEN: return "SHUTDOWN_SEEN";
            case PEEK_ALL: return "PEEK_ALL";
            case REMOVE: return "REMOVE";
            case OK: return "OK";
            case FULL: return "FULL";
            case ITEM: return "ITEM";
            case EMPTY: return "EMPTY";
            case CANCELLED: return "CANCELLED";
            case SIZE_IS: return "SIZE_IS";
            case TOO_MANY_DONE: return "TOO_MANY_DONE";
            case TIMED_OUT: return "TIMED_OUT";
            case CLOSING: return "CLOSING";
            case SHUT_DOWN: return "SHUT_DOWN";
            case SHUTTING_DOWN: return "SHUTTING_DOWN";
            case ITEMS: return "ITEMS";
            case TOO_LARGE: return "TOO_LARGE";
            default: return "op " + op;
        }
    }

    /** @return the operation of a message */
    public static byte op(final byte[] message) {
        return message[0];
    }

    /** @return the request id of a message */
    public static long id(final byte[] message) {
        return (long) LONGS.get(message, 1);
    }

    /** @return the argument of a message */
    public static long argument(final byte[] message) {
        return (long) LONGS.get(message, 9);
    }
}
