package dev.mproc.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Samples how busy the machine is from Linux's {@code /proc}: the CPU time every program used over a short window
 * ({@code /proc/stat}), less what this JVM used in it ({@code /proc/self/stat}). Taken while the report has no
 * benchmark or script running, it is what other programs take from the measurements.
 */
final class MachineLoad implements Rounds.LoadProbe {

    private static final Path STAT = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private final Duration window;
    private final int cores;

    /**
     * @param window how long each sample lasts
     * @param cores  the machine's cores
     */
    MachineLoad(final Duration window, final int cores) {
        this.window = window;
        this.cores = cores;
    }

    /** @return whether this machine has the files a sample reads */
    static boolean available() {
        return Files.isReadable(STAT) && Files.isReadable(SELF) && Files.isReadable(LOADAVG);
    }

    @Override
    public Load sample() throws IOException, InterruptedException {
        final double loadAverage = Double.parseDouble(Files.readString(LOADAVG).trim().split("\\s+")[0]);
        final long[] before = machineTicks();
        final long selfBefore = selfTicks();
        Thread.sleep(window.toMillis());
        final long[] after = machineTicks();
        final long selfAfter = selfTicks();
        final double total = after[0] - before[0];
        final double busy = after[1] - before[1] - (selfAfter - selfBefore);
        final double otherCores = total <= 0 ? 0 : Math.max(0, busy / total * cores);
        return new Load(loadAverage, otherCores);
    }

    /** @return all ticks and busy ticks (all but idle and iowait) of every CPU, from the first line of /proc/stat */
    private static long[] machineTicks() throws IOException {
        final String cpu = Files.readAllLines(STAT).get(0);
        final String[] fields = cpu.trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest times are already inside user and nice.
        for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
            total += Long.parseLong(fields[i]);
        }
        final long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total, total - idle};
    }

    /** @return this process's user and system ticks (fields 14 and 15 of /proc/self/stat) */
    private static long selfTicks() throws IOException {
        final String stat = Files.readString(SELF);
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
