package dev.mproc.internal.pool;

import dev.mproc.Job;
import dev.mproc.SerializableFunction;
import dev.mproc.Task;
import dev.mproc.internal.Codec;
import dev.mproc.internal.ProcessContext;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The task every pool worker runs: connect back to the pool (authenticated both ways), run the initializer, then run
 * units one at a time until told to stop, or until it has run its quota ({@code maxTasksPerChild}).
 *
 * <p>An exception of a task is reported and the worker goes on; an error that leaves the JVM unfit (out of memory,
 * an internal error) halts it, so that the pool sees a lost worker and replaces it.
 */
public final class WorkerLoop implements Task {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(WorkerLoop.class.getName());
    /** Exit code of a worker halted by an error that leaves the JVM unfit. */
    private static final int HALT_CODE = 70;

    private final String socketPath;
    private final int workerId;
    private final Task initializer;
    private final int maxTasks;

    /**
     * @param socketPath  the pool's Unix socket
     * @param workerId    how the pool knows this worker
     * @param initializer what to run once before the first unit, or {@code null}
     * @param maxTasks    units to run before exiting, 0 for no limit
     */
    public WorkerLoop(final String socketPath, final int workerId, final Task initializer, final int maxTasks) {
        this.socketPath = socketPath;
        this.workerId = workerId;
        this.initializer = initializer;
        this.maxTasks = maxTasks;
    }

    @Override
    public void run() throws Exception {
        final Codec codec = Codec.standard();
        final FrameBuffer out = new FrameBuffer(4096);
        final boolean initialized;
        try (FrameChannel channel = connect()) {
            initialized = initialize(channel, codec, out);
            if (initialized) {
                serve(channel, codec, out);
            }
        }
        // Threads a task left behind must not keep a finished worker alive.
        System.exit(initialized ? 0 : 1);
    }

    /** Connects to the pool; a pool closed before this worker could join ends it quietly (nothing to report). */
    private FrameChannel connect() throws IOException {
        try {
            return Endpoints.connect(UnixDomainSocketAddress.of(socketPath), ProcessContext.authkey());
        } catch (final IOException e) {
            if (Files.exists(Path.of(socketPath))) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "pool worker {0}: the pool closed before it joined: {1}",
                ProcessContext.current().name(), e.getMessage());
            System.exit(1);
            throw e;
        }
    }

    private boolean initialize(final FrameChannel channel, final Codec codec, final FrameBuffer out)
        throws IOException {
        Throwable failure = null;
        try {
            if (initializer != null) {
                initializer.run();
            }
        } catch (final Throwable t) {
            haltIfUnfit(t);
            failure = t;
        }
        out.reset();
        out.putByte(PoolProtocol.HELLO).putByte(PoolProtocol.VERSION).putInt(workerId)
            .putByte(failure == null ? PoolProtocol.OK : PoolProtocol.FAILED);
        if (failure != null) {
            Failures.write(out, codec, failure);
        }
        channel.send(out);
        return failure == null;
    }

    private void serve(final FrameChannel channel, final Codec codec, final FrameBuffer out) throws IOException {
        final Map<Long, Object> functions = new HashMap<>();
        int done = 0;
        while (maxTasks == 0 || done < maxTasks) {
            final byte[] message;
            try {
                message = channel.receive();
            } catch (final EOFException parentClosed) {
                return;
            }
            final ByteBuffer in = ByteBuffer.wrap(message);
            switch (in.get()) {
                case PoolProtocol.RUN:
                    run(message, in, functions, codec, out);
                    channel.send(out);
                    done++;
                    break;
                case PoolProtocol.FORGET:
                    functions.remove(in.getLong());
                    break;
                case PoolProtocol.STOP:
                    return;
                default:
                    throw new StreamCorruptedException("unknown pool message type " + message[0]);
            }
        }
    }

    /** Runs one unit and leaves its RESULT in {@code out}. */
    private static void run(final byte[] message, final ByteBuffer in, final Map<Long, Object> functions,
                            final Codec codec, final FrameBuffer out) throws IOException {
        final long unitId = in.getLong();
        final long jobId = in.getLong();
        final boolean keep = in.get() != 0;
        final int fnLength = in.getInt();
        out.reset();
        out.putByte(PoolProtocol.RESULT).putLong(unitId);
        final int statusAt = out.payloadLength();
        out.putByte(PoolProtocol.OK).putLong(0);
        final long started = System.nanoTime();
        try {
            final Object function;
            if (fnLength >= 0) {
                function = codec.decode(message, in.position(), fnLength);
                in.position(in.position() + fnLength);
                if (keep) {
                    functions.put(jobId, function);
                }
            } else {
                function = functions.get(jobId);
                if (function == null) {
                    throw new StreamCorruptedException("no function for job " + jobId);
                }
            }
            final int count = in.getInt();
            if (function instanceof Job) {
                out.putInt(1).putValue(codec, ((Job<?>) function).call());
            } else {
                @SuppressWarnings("unchecked")
                final SerializableFunction<Object, Object> f = (SerializableFunction<Object, Object>) function;
                out.putInt(count);
                for (int i = 0; i < count; i++) {
                    final int length = in.getInt();
                    final Object item = codec.decode(message, in.position(), length);
                    in.position(in.position() + length);
                    out.putValue(codec, f.apply(item));
                }
            }
        } catch (final Throwable failure) {
            haltIfUnfit(failure);
            out.truncate(statusAt);
            out.putByte(PoolProtocol.FAILED).putLong(0);
            Failures.write(out, codec, failure);
        }
        out.patchLong(statusAt + 1, System.nanoTime() - started);
    }

    private static void haltIfUnfit(final Throwable failure) {
        if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
            try {
                LOG.log(System.Logger.Level.ERROR, "pool worker " + ProcessContext.current().name()
                    + " halts: the JVM is unfit to go on", failure);
            } finally {
                Runtime.getRuntime().halt(HALT_CODE);
            }
        }
    }
}
