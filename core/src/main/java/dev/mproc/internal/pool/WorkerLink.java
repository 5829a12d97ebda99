package dev.mproc.internal.pool;

import dev.mproc.Process;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's side of one started worker: its process, where it is in its life, its channel, and the messages waiting
 * to be sent to it. (What it was given to run is the {@link Dispatcher}'s.)
 *
 * <p>Messages are queued under the pool's lock (so their order is the order of assignment) and sent outside it by
 * {@link #flush()}, which any thread may call: the send lock keeps one sender at a time, in queue order.
 */
final class WorkerLink {

    private static final System.Logger LOG = System.getLogger(WorkerLink.class.getName());

    /** Where a worker is in its life; guarded by the pool's lock. */
    enum State { STARTING, READY, GONE }

    final int id;
    final String name;
    final Process process;

    /** Guarded by the pool's lock. */
    State state = State.STARTING;

    /** Set once, under the pool's lock, when the worker says hello; volatile for the senders. */
    private volatile FrameChannel channel;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Guarded by sendLock. */
    private final FrameBuffer writer = new FrameBuffer(1024);
    /** Guarded by sendLock. */
    private boolean sendFailed;

    WorkerLink(final int id, final String name, final Process process) {
        this.id = id;
        this.name = name;
        this.process = process;
    }

    void attach(final FrameChannel connected) {
        this.channel = connected;
    }

    FrameChannel channel() {
        return channel;
    }

    /** Queues a unit; call under the pool's lock. */
    void queueRun(final Unit unit, final boolean withFunction) {
        outbox.add(new Outgoing(PoolProtocol.RUN, unit, withFunction, unit.work.id));
    }

    /** Queues a message without a unit (FORGET, STOP); call under the pool's lock. */
    void queue(final byte type, final long workId) {
        outbox.add(new Outgoing(type, null, false, workId));
    }

    /** Sends what is queued, in order. A failed send closes the channel: the reader then reports the worker lost. */
    void flush() {
        sendLock.lock();
        try {
            Outgoing next;
            while ((next = outbox.poll()) != null) {
                if (!sendFailed) {
                    send(next);
                }
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void send(final Outgoing message) {
        final FrameChannel connected = channel;
        try {
            writer.reset();
            writer.putByte(message.type);
            if (message.type == PoolProtocol.RUN) {
                final Work work = message.unit.work;
                writer.putLong(message.unit.id).putLong(work.id).putByte(work.keep ? 1 : 0);
                if (message.withFunction) {
                    writer.putInt(work.function.length).putBytes(work.function);
                } else {
                    writer.putInt(-1);
                }
                writer.putBytes(message.unit.items);
            } else if (message.type == PoolProtocol.FORGET) {
                writer.putLong(message.workId);
            }
            connected.send(writer);
        } catch (final IOException e) {
            sendFailed = true;
            LOG.log(System.Logger.Level.DEBUG, "cannot send to pool worker {0}: {1}", name, e.getMessage());
            connected.close();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** A message waiting to be sent. */
    private static final class Outgoing {
        final byte type;
        final Unit unit;
        final boolean withFunction;
        final long workId;

        Outgoing(final byte type, final Unit unit, final boolean withFunction, final long workId) {
            this.type = type;
            this.unit = unit;
            this.withFunction = withFunction;
            this.workId = workId;
        }
    }
}
