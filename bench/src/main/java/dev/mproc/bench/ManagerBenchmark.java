package dev.mproc.bench;

import dev.mproc.Process;
import dev.mproc.Processes;
import dev.mproc.internal.RuntimeDirectory;
import dev.mproc.internal.wire.Endpoints;
import dev.mproc.internal.wire.FrameChannel;
import dev.mproc.manager.Manager;
import java.io.EOFException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips to a {@link Manager} started in a child JVM: map {@code put} and {@code get}, list {@code add}, from
 * one client thread and from two (each with its own connection), beside the ceiling for a round trip between a parent
 * and a child JVM: a raw {@link FrameChannel} request of the same size as an encoded {@code put}, echoed by a child
 * over a Unix socket. Python's {@code Manager().dict()} is measured by {@code bench/src/main/python/manager_dict.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ManagerBenchmark {

    /** Size of a manager request for {@code put(Integer, Integer)}: header 21 + two arguments of 4 + 5 bytes. */
    private static final int PUT_REQUEST_BYTES = 39;

    private Manager manager;
    private ConcurrentMap<Integer, Integer> map;
    private List<Integer> list;
    private Process echo;
    private Path echoPath;
    private FrameChannel channel;
    private final byte[] request = new byte[PUT_REQUEST_BYTES];

    /** Per-thread state: each thread keys its own entries. */
    @State(Scope.Thread)
    public static class Key {
        int next;
    }

    /**
     * Starts the manager and the echo child.
     *
     * @throws Exception when either cannot start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        manager = Manager.start();
        map = manager.dict();
        list = manager.list();
        echoPath = RuntimeDirectory.newSocketPath("bench-echo");
        final ServerSocketChannel server = Endpoints.bind(UnixDomainSocketAddress.of(echoPath));
        final String path = echoPath.toString();
        echo = Process.start(() -> echoOnce(path));
        channel = Endpoints.accept(server, Processes.authkey());
        server.close();
    }

    /** Empties the list between iterations so that it does not grow without bound. */
    @Setup(Level.Iteration)
    public void emptyList() {
        list.clear();
    }

    /** Stops both children. */
    @TearDown(Level.Trial)
    public void stop() {
        channel.close();
        echo.close();
        RuntimeDirectory.files().release(echoPath);
        manager.close();
    }

    private static void echoOnce(final String path) throws Exception {
        try (FrameChannel peer = Endpoints.connect(UnixDomainSocketAddress.of(path), Processes.authkey())) {
            final byte[] reply = new byte[2];
            while (true) {
                try {
                    peer.receive();
                } catch (final EOFException e) {
                    return;
                }
                peer.send(reply, 0, reply.length);
            }
        }
    }

    /**
     * @param key this thread's key counter
     * @return the previous value
     */
    @Benchmark
    public Integer mapPut(final Key key) {
        final int k = key.next++ & 1023;
        return map.put(k, k);
    }

    /**
     * @param key this thread's key counter
     * @return the value
     */
    @Benchmark
    public Integer mapGet(final Key key) {
        return map.get(key.next++ & 1023);
    }

    /**
     * @param key this thread's key counter
     * @return the previous value
     */
    @Benchmark
    @Threads(2)
    public Integer mapPutTwoClients(final Key key) {
        final int k = key.next++ & 1023;
        return map.put(k, k);
    }

    /**
     * @param key this thread's key counter
     * @return whether it was added
     */
    @Benchmark
    public boolean listAdd(final Key key) {
        return list.add(key.next++);
    }

    /**
     * @return the reply
     * @throws Exception when the echo child is gone
     */
    @Benchmark
    public byte[] baselineFrameChannelRoundTrip() throws Exception {
        channel.send(request, 0, request.length);
        return channel.receive();
    }
}
