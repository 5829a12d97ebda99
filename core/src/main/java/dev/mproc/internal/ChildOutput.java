package dev.mproc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where a child JVM's standard output and error go. Normally the child writes to this JVM's own descriptors 1 and 2,
 * as a Python child does. A test runner that talks to its JVM through descriptor 1 and replaced {@code System.out}
 * (Maven surefire) must not see a child write there: the bytes corrupt its channel and land in a dump file, not in
 * the test report. There the child's output is piped and copied into whatever {@code System.out} and
 * {@code System.err} are at the time, which the runner captures.
 *
 * <p>The property {@value #PROPERTY} ({@code inherit} or {@code pipe}) decides instead of the detection.
 *
 * <p><b>Thread safety:</b> stateless; each pump is a daemon thread of its own. <b>Process safety:</b> per JVM.
 */
public final class ChildOutput {

    /** {@code inherit} or {@code pipe}; unset, a surefire fork pipes and everything else inherits. */
    public static final String PROPERTY = "mproc.childOutput";

    /** How long {@link #drain} waits for the pipes' ends after the child ended. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private ChildOutput() {
    }

    /** @return whether a child's output is piped through this JVM's {@code System.out} and {@code System.err} */
    public static boolean piped() {
        final String chosen = System.getProperty(PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return chosen.strip().equalsIgnoreCase("pipe");
        }
        // Set by surefire's forked booter, which owns descriptor 1.
        return System.getProperty("surefire.real.class.path") != null
            || System.getProperty("surefire.test.class.path") != null;
    }

    /**
     * Copies a child's output or error stream into this JVM's current stream until the child closes it.
     *
     * @param from  the child's stream
     * @param to    this JVM's stream, looked up at each write (a runner may replace it per test)
     * @param child the child's name, for the thread
     * @return the pump, for {@link #drain}
     */
    public static Thread pump(final InputStream from, final Supplier<PrintStream> to, final String child) {
        final Thread pump = new Thread(() -> {
            final byte[] chunk = new byte[8192];
            try (InputStream in = from) {
                int read;
                while ((read = in.read(chunk)) >= 0) {
                    final PrintStream out = to.get();
                    out.write(chunk, 0, read);
                    out.flush();
                }
            } catch (final IOException e) {
                // The child is gone: nothing more to copy.
            }
        }, "mproc-output-" + child);
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    /**
     * Waits, after a child's end, until its pumps have copied what it wrote: a Python child writes to the parent's own
     * descriptors, so its output is out when {@code join()} returns, and a piped one's must be too. The wait is
     * bounded: a grandchild that inherited the pipe keeps it open past the child's end, and its later output is
     * still copied, but not waited for.
     *
     * @param pumps the child's pumps
     * @throws InterruptedException when interrupted while waiting
     */
    public static void drain(final List<Thread> pumps) throws InterruptedException {
        final long deadline = System.nanoTime() + DRAIN_NANOS;
        for (final Thread pump : pumps) {
            final long left = deadline - System.nanoTime();
            if (left > 0) {
                pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
