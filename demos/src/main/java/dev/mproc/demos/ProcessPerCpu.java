package dev.mproc.demos;

import dev.mproc.Process;
import dev.mproc.Processes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Example 3 of the article: one {@link Process} per CPU, each printing its parent's pid and its own, sleeping 3 s and
 * saying hello. All are started, then all joined, so the whole takes about 3 s whatever the CPU count.
 */
public final class ProcessPerCpu implements Demo {

    @Override
    public String name() {
        return "process-per-cpu";
    }

    @Override
    public String title() {
        return "Process: one child JVM per CPU, started together, joined together";
    }

    @Override
    public String pythonIdea() {
        return "Process(target=f, args=(n,)).start() then join(): children run in parallel; starting many more "
            + "CPU-bound processes than CPUs only makes them compete.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final long sleepMillis = (long) (3000 / speed);
        final List<Process> children = new ArrayList<>();
        final long start = System.nanoTime();
        for (int n = 0; n < Processes.cpuCount(); n++) {
            final String label = "xx_" + n;
            children.add(Process.start(() -> {
                System.out.println("parent pid " + Processes.parent().orElseThrow().pid() + ", my pid "
                    + Processes.current().pid());
                Thread.sleep(sleepMillis);
                System.out.println("hello " + label);
            }));
        }
        for (final Process child : children) {
            child.join();
        }
        out.printf("%d processes, each sleeping %.1f s, took %.2f s together%n", children.size(),
            sleepMillis / 1000.0, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new ProcessPerCpu().run(System.out, 1);
    }
}
