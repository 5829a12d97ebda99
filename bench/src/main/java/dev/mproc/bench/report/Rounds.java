package dev.mproc.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the blocks of a report with their sides interleaved, so that a change in the machine during a run touches
 * both sides alike: for each block, {@code rounds} times (plus the block's extra rounds, or once for a block that
 * {@linkplain Block#once() asks}) the JVM side then the Python side, each preceded by a sample of the machine's load.
 * A block without a Python script runs its JVM side alone.
 */
final class Rounds {

    /** One side of the comparison: runs one round of a block and gives its figures by key. */
    interface Side {
        /**
         * @param block what to run
         * @return the figures of this round, by key; none when this side has nothing for the block
         * @throws Exception when the round cannot run
         */
        Map<String, Figure> run(Block block) throws Exception;
    }

    /** Samples how busy the machine is. */
    interface LoadProbe {
        /**
         * @return the load now
         * @throws IOException          when the load cannot be read
         * @throws InterruptedException when interrupted while sampling
         */
        Load sample() throws IOException, InterruptedException;
    }

    private final Side jvm;
    private final Side python;
    private final LoadProbe probe;
    private final int rounds;

    /**
     * @param jvm    the JMH side
     * @param python the Python side, or {@code null} to run none
     * @param probe  the load probe
     * @param rounds rounds per side, at least 1
     */
    Rounds(final Side jvm, final Side python, final LoadProbe probe, final int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
        this.jvm = jvm;
        this.python = python;
        this.probe = probe;
        this.rounds = rounds;
    }

    /**
     * @param blocks what to run, in order
     * @return every figure of every round, and the loads sampled before each
     * @throws Exception when a round cannot run
     */
    Run run(final List<Block> blocks) throws Exception {
        final Run run = new Run();
        for (final Block block : blocks) {
            for (int round = 0; round < block.rounds(rounds); round++) {
                measure(run, block, jvm);
                if (python != null && block.python() != null) {
                    measure(run, block, python);
                }
            }
        }
        return run;
    }

    private void measure(final Run run, final Block block, final Side side) throws Exception {
        run.loads.computeIfAbsent(block.group(), g -> new ArrayList<>()).add(probe.sample());
        side.run(block).forEach((key, figure) -> run.figures.computeIfAbsent(key, k -> new ArrayList<>()).add(figure));
    }

    /** What a run measured: the figures of every round by key, and the loads sampled by block. */
    static final class Run {
        private final Map<String, List<Figure>> figures = new TreeMap<>();
        private final Map<String, List<Load>> loads = new LinkedHashMap<>();

        /** @return the median and range of every key */
        Map<String, Spread> spreads() {
            final Map<String, Spread> spreads = new TreeMap<>();
            figures.forEach((key, list) -> spreads.put(key, Spread.of(list)));
            return spreads;
        }

        /** @return the loads sampled before each measurement, by block group, in order */
        Map<String, List<Load>> loads() {
            return loads;
        }

        /**
         * @param group a block's group
         * @param cores the machine's cores
         * @return whether any sample before a measurement of the group found the machine busy
         */
        boolean busy(final String group, final int cores) {
            return loads.getOrDefault(group, List.of()).stream().anyMatch(load -> load.busy(cores));
        }

        /**
         * @param group a block's group
         * @return the busiest sample taken for the group (most cores used by others), or {@link Load#UNKNOWN}
         */
        Load busiest(final String group) {
            return loads.getOrDefault(group, List.of()).stream()
                .filter(load -> !Double.isNaN(load.otherCores()))
                .max(java.util.Comparator.comparingDouble(Load::otherCores)).orElse(Load.UNKNOWN);
        }
    }
}
