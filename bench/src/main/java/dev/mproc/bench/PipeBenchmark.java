package dev.mproc.bench;

import dev.mproc.Address;
import dev.mproc.Process;
import dev.mproc.pipe.Connection;
import dev.mproc.pipe.Listener;
import dev.mproc.pipe.Pipe;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Pipe} between this JVM and a child JVM, beside its baselines in the same run: plain NIO on a Unix domain
 * socket with the same framing (one write per message, and batched writes as the ceiling), and Python's
 * {@code Connection.send_bytes} sending to us.
 *
 * <p>Throughput benchmarks send from the benchmark thread to a child started once per trial that drains and counts
 * (mproc's child receives with {@code recvBytesInto}, reusing one buffer; the NIO child walks the frames in its read
 * buffer). The Python benchmark is the other way round: a python3 process sends 64-byte messages with
 * {@code send_bytes} as fast as it can to our {@link Listener}, and an operation is one message received, which Java
 * does far faster than Python sends. Ping-pong: the child echoes every 64-byte message back. {@code mprocSendBytes}
 * runs three forks: on two cores a fork settles either where the sender and the draining child share a core or where
 * they do not (4.5 M or 6.0 M messages per second at 64 B), and a single fork's figure does not reproduce.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PipeBenchmark {

    private static final Duration JOIN = Duration.ofSeconds(10);

    // ------------------------------------------------------------------------------------------------ states

    /** A pipe whose right end is in a child that drains byte messages. */
    @State(Scope.Benchmark)
    public static class MprocBytesSink {
        @Param({"64", "4096", "1048576"})
        int size;
        Pipe pipe;
        Process child;
        ByteBuffer payload;

        @Setup(Level.Trial)
        public void start() throws Exception {
            pipe = Pipe.open(false);
            final Connection reader = pipe.left();
            final int capacity = size + 16;
            child = Process.start(() -> drainMproc(reader, capacity));
            payload = ByteBuffer.allocate(size);
            pipe.right().sendBytes(payload);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            pipe.right().close();
            finish(child);
            pipe.close();
        }
    }

    /** A pipe whose right end is in a child that receives objects. */
    @State(Scope.Benchmark)
    public static class MprocObjectSink {
        Pipe pipe;
        Process child;
        final List<Object> value = Arrays.asList(42, null, "hello");

        @Setup(Level.Trial)
        public void start() throws Exception {
            pipe = Pipe.open(false);
            final Connection reader = pipe.left();
            child = Process.start(() -> {
                try {
                    while (true) {
                        reader.recv();
                    }
                } catch (final EOFException end) {
                    reader.close();
                }
            });
            pipe.right().send(value);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            pipe.right().close();
            finish(child);
            pipe.close();
        }
    }

    /** A plain NIO Unix socket to a child that drains frames. */
    @State(Scope.Benchmark)
    public static class NioSink {
        @Param({"64", "4096", "1048576"})
        int size;
        Path path;
        SocketChannel socket;
        Process child;
        ByteBuffer message;
        final ByteBuffer batch = ByteBuffer.allocateDirect(256 * 1024);

        @Setup(Level.Trial)
        public void start() throws Exception {
            path = Files.createTempDirectory("pipe-bench").resolve("nio.sock");
            final String where = path.toString();
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(path));
                final int capacity = Math.max(256 * 1024, size + 16);
                child = Process.start(() -> drainNio(where, capacity));
                socket = server.accept();
            }
            message = ByteBuffer.allocateDirect(4 + size);
            message.putInt(size).position(4 + size).flip();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            flush(this);
            socket.close();
            finish(child);
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }

    /** A pipe whose right end is in a child that echoes every message. */
    @State(Scope.Benchmark)
    public static class MprocEcho {
        Pipe pipe;
        Process child;
        final ByteBuffer payload = ByteBuffer.allocate(64);
        final ByteBuffer reply = ByteBuffer.allocate(128);

        @Setup(Level.Trial)
        public void start() throws Exception {
            pipe = Pipe.open();
            final Connection echo = pipe.right();
            child = Process.start(() -> {
                final ByteBuffer buffer = ByteBuffer.allocate(128);
                try {
                    while (true) {
                        buffer.clear();
                        echo.recvBytesInto(buffer);
                        echo.sendBytes(buffer.flip());
                    }
                } catch (final EOFException end) {
                    echo.close();
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            pipe.left().close();
            finish(child);
            pipe.close();
        }
    }

    /** A plain blocking NIO Unix socket to a child that echoes every 68-byte frame. */
    @State(Scope.Benchmark)
    public static class NioEcho {
        Path path;
        SocketChannel socket;
        Process child;
        final ByteBuffer frame = ByteBuffer.allocateDirect(68);
        final ByteBuffer reply = ByteBuffer.allocateDirect(68);

        @Setup(Level.Trial)
        public void start() throws Exception {
            path = Files.createTempDirectory("pipe-bench").resolve("echo.sock");
            final String where = path.toString();
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(path));
                child = Process.start(() -> echoNio(where));
                socket = server.accept();
            }
            frame.putInt(64).position(68).flip();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            socket.close();
            finish(child);
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }

    /** A python3 process sending 64-byte messages with send_bytes to our listener as fast as it can. */
    @State(Scope.Benchmark)
    public static class PythonSource {
        Path dir;
        Listener listener;
        Connection connection;
        java.lang.Process python;
        final ByteBuffer buffer = ByteBuffer.allocate(128);

        @Setup(Level.Trial)
        public void start() throws Exception {
            dir = Files.createTempDirectory("pipe-bench");
            final byte[] key = "bench".getBytes();
            listener = Listener.bind(Address.unix(dir.resolve("py.sock")), key);
            python = new ProcessBuilder("python3", "-c", String.join("\n",
                "import sys",
                "from multiprocessing.connection import Client",
                "c = Client(sys.argv[1], family='AF_UNIX', authkey=b'bench')",
                "m = bytes(64)",
                "try:",
                "    while True:",
                "        c.send_bytes(m)",
                "except OSError:",
                "    pass"), dir.resolve("py.sock").toString()).inheritIO().start();
            connection = listener.accept();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            connection.close();
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
            listener.close();
            Files.deleteIfExists(dir);
        }
    }

    // ------------------------------------------------------------------------------------------- throughput

    /**
     * @param sink the pipe to a draining child
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(3)
    public void mprocSendBytes(final MprocBytesSink sink) throws IOException {
        sink.pipe.right().sendBytes(sink.payload);
    }

    /**
     * @param sink the socket to a draining child
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void baselineNioSendBytesPerMessage(final NioSink sink) throws IOException {
        final ByteBuffer message = sink.message;
        message.rewind();
        while (message.hasRemaining()) {
            sink.socket.write(message);
        }
    }

    /**
     * @param sink the socket to a draining child
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void baselineNioSendBytesBatched(final NioSink sink) throws IOException {
        final ByteBuffer message = sink.message;
        message.rewind();
        if (sink.batch.remaining() < message.remaining()) {
            flush(sink);
            if (sink.batch.remaining() < message.remaining()) {
                while (message.hasRemaining()) {
                    sink.socket.write(message);
                }
                return;
            }
        }
        sink.batch.put(message);
    }

    /**
     * @param sink the pipe to a child receiving objects
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void mprocSendSmallObject(final MprocObjectSink sink) throws IOException {
        sink.pipe.right().send(sink.value);
    }

    /**
     * @param source python3 sending 64-byte messages with send_bytes
     * @return the message length
     * @throws IOException when python is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int pythonSendBytes64(final PythonSource source) throws IOException {
        source.buffer.clear();
        return source.connection.recvBytesInto(source.buffer);
    }

    // ---------------------------------------------------------------------------------------------- latency

    /**
     * @param echo the pipe to an echoing child
     * @return the reply length
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int mprocPingPong64(final MprocEcho echo) throws IOException {
        echo.pipe.left().sendBytes(echo.payload);
        echo.reply.clear();
        return echo.pipe.left().recvBytesInto(echo.reply);
    }

    /**
     * @param echo the socket to an echoing child
     * @return the reply length
     * @throws IOException when the child is gone
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int baselineNioPingPong64(final NioEcho echo) throws IOException {
        echo.frame.rewind();
        while (echo.frame.hasRemaining()) {
            echo.socket.write(echo.frame);
        }
        echo.reply.clear();
        while (echo.reply.hasRemaining()) {
            if (echo.socket.read(echo.reply) < 0) {
                throw new EOFException();
            }
        }
        return echo.reply.getInt(0);
    }

    // ------------------------------------------------------------------------------------------------ peers

    private static void drainMproc(final Connection reader, final int capacity) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(capacity);
        try {
            while (true) {
                buffer.clear();
                reader.recvBytesInto(buffer);
            }
        } catch (final EOFException end) {
            reader.close();
        }
    }

    private static void drainNio(final String path, final int capacity) throws IOException {
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(capacity);
            long messages = 0;
            while (socket.read(buffer) >= 0) {
                buffer.flip();
                // Walk the frames that are complete, as a receiver must; keep the partial one.
                while (buffer.remaining() >= 4 && buffer.remaining() >= 4 + buffer.getInt(buffer.position())) {
                    buffer.position(buffer.position() + 4 + buffer.getInt(buffer.position()));
                    messages++;
                }
                buffer.compact();
            }
            if (messages < 0) {
                throw new IllegalStateException("unreachable: keeps the count alive");
            }
        }
    }

    private static void echoNio(final String path) throws IOException {
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            final ByteBuffer frame = ByteBuffer.allocateDirect(68);
            while (true) {
                frame.clear();
                while (frame.hasRemaining()) {
                    if (socket.read(frame) < 0) {
                        return;
                    }
                }
                frame.flip();
                while (frame.hasRemaining()) {
                    socket.write(frame);
                }
            }
        }
    }

    private static void flush(final NioSink sink) throws IOException {
        sink.batch.flip();
        while (sink.batch.hasRemaining()) {
            sink.socket.write(sink.batch);
        }
        sink.batch.clear();
    }

    private static void finish(final Process child) throws InterruptedException {
        if (!child.join(JOIN)) {
            child.kill();
            child.join();
        }
        child.close();
    }
}
