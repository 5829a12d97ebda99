package dev.mproc.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The apps' own check, not user code: fails a run that printed or logged a WARNING or SEVERE, where no test reads the
 * output ({@code mvn exec:java} runs the app in Maven's JVM). From {@link #install()} to {@link #close()} it copies
 * {@code System.out} and {@code System.err} through tees that remember such lines, and a handler on the root
 * {@code java.util.logging} logger remembers records at WARNING and above.
 *
 * <p>A child's output reaches this JVM's {@code System.out} and {@code System.err} only when mproc pipes it there:
 * {@link #install()} sets {@value #CHILD_OUTPUT} to {@code pipe}, which mproc reads at every start, so it must come
 * before the first child is started. {@link #close()} restores the streams, the handler and the property (Maven's JVM
 * goes on with the build).
 *
 * <p><b>Thread safety:</b> the tees and the handler may be used by any thread. <b>Process safety:</b> this JVM only;
 * children are checked through their piped output.
 */
final class StrictOutput implements AutoCloseable {

    /** The system property by which mproc pipes a child's output through this JVM's streams. */
    static final String CHILD_OUTPUT = "mproc.childOutput";

    private final PrintStream out;
    private final PrintStream err;
    private final String childOutput;
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(final LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                remember(record.getLevel() + " logged by " + record.getLoggerName() + ": "
                    + formatter.formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<String> seen = new ArrayList<>();
    private final LineTee outTee;
    private final LineTee errTee;

    private StrictOutput() {
        out = System.out;
        err = System.err;
        childOutput = System.getProperty(CHILD_OUTPUT);
        outTee = new LineTee(out);
        errTee = new LineTee(err);
    }

    /**
     * Starts watching: pipes children's output, installs the tees and the log handler.
     *
     * @return the watch, to close when the run ends
     */
    static StrictOutput install() {
        final StrictOutput strict = new StrictOutput();
        System.setProperty(CHILD_OUTPUT, "pipe");
        System.setOut(new PrintStream(strict.outTee, true, Charset.defaultCharset()));
        System.setErr(new PrintStream(strict.errTee, true, Charset.defaultCharset()));
        Logger.getLogger("").addHandler(strict.handler);
        return strict;
    }

    /**
     * Stops watching and restores what {@link #install()} changed.
     *
     * @throws IllegalStateException naming every WARNING or SEVERE seen, if any
     */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
        if (childOutput == null) {
            System.clearProperty(CHILD_OUTPUT);
        } else {
            System.setProperty(CHILD_OUTPUT, childOutput);
        }
        outTee.endLine();
        errTee.endLine();
        final List<String> noise;
        synchronized (seen) {
            noise = List.copyOf(seen);
        }
        if (!noise.isEmpty()) {
            throw new IllegalStateException("the run printed or logged " + noise.size()
                + " WARNING or SEVERE line(s):\n" + String.join("\n", noise));
        }
    }

    private void remember(final String line) {
        synchronized (seen) {
            seen.add(line);
        }
    }

    /** Writes through to a stream and remembers each complete line that holds WARNING or SEVERE. */
    private final class LineTee extends OutputStream {

        private final OutputStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(final OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(final int b) throws IOException {
            target.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(final byte[] bytes, final int offset, final int length) throws IOException {
            target.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                collect(bytes[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        private void collect(final int b) {
            if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }

        synchronized void endLine() {
            final String text = line.toString(Charset.defaultCharset());
            line.reset();
            if (text.contains("WARNING") || text.contains("SEVERE")) {
                remember(text.strip());
            }
        }
    }
}
