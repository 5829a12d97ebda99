package dev.mproc.bench.report;

/**
 * What one primitive's rounds run: its JMH benchmarks and the Python script that measures the same scenarios. The
 * report runs each side in turn, {@code rounds} times: JVM, Python, JVM, Python...
 *
 * <p>Blocks whose figures depend on how the scheduler places two busy processes (a queue's owner and its producers,
 * two processes contending for a lock, a client and its manager) move more from one fork to the next than within
 * one; they get {@link #EXTRA_ROUNDS} more rounds, so that their medians hold from one run to the next. Blocks whose
 * rate moves within seconds with how soon the scheduler runs the other side (round trips; Python's stream of 64 B
 * messages, 240 k to 325 k a second over 1 s, 289 k to 314 k over 3 s) run longer iterations on both sides, so that
 * each round's figure averages over more of those swings.
 *
 * <p>A block without a Python side whose every trial starts something slow (a cluster of member JVMs) runs
 * {@linkplain #once() once}: with nothing to interleave, its rounds would only repeat that start, minutes each.
 *
 * @param group   the primitive, as the report's section names it ({@code Queue})
 * @param jmh     the JMH include pattern of its warmed-up benchmarks
 * @param cold    the JMH include pattern of its cold benchmarks (fresh JVM, no warm-up), or {@code null}
 * @param python  the Python script (a resource under {@code /python}), or {@code null} when Python has no peer
 * @param extra   rounds this block runs beyond the report's count: 0, or {@link #EXTRA_ROUNDS} for a block that
 *                settles differently in each fork
 * @param iterationScale how many times longer than the report's its iterations are, on both sides (1 or more)
 * @param single  whether the block runs one round, whatever the report's count (only without a Python side)
 */
public record Block(String group, String jmh, String cold, String python, int extra, int iterationScale,
                    boolean single) {

    /** The rounds added to a block whose figures move from fork to fork. */
    public static final int EXTRA_ROUNDS = 2;

    /**
     * A block that runs the report's count of rounds.
     *
     * @param group  the primitive
     * @param jmh    its warmed-up benchmarks
     * @param cold   its cold benchmarks, or {@code null}
     * @param python its Python script, or {@code null}
     */
    public Block(final String group, final String jmh, final String cold, final String python) {
        this(group, jmh, cold, python, 0, 1, false);
    }

    /** Checks the scale, and that a block run once has no side to interleave with. */
    public Block {
        if (iterationScale < 1) {
            throw new IllegalArgumentException("iterationScale " + iterationScale + " < 1");
        }
        if (single && (python != null || extra > 0)) {
            throw new IllegalArgumentException("a block run once has no Python side and no extra rounds: " + group);
        }
    }

    /** @return this block with {@link #EXTRA_ROUNDS} more rounds than the report's count */
    public Block settlingPerFork() {
        return new Block(group, jmh, cold, python, EXTRA_ROUNDS, iterationScale, single);
    }

    /**
     * @param scale how many times longer than the report's this block's iterations are to be
     * @return this block with iterations that much longer, on the JVM side and the Python side alike
     */
    public Block longerIterations(final int scale) {
        return new Block(group, jmh, cold, python, extra, scale, single);
    }

    /** @return this block run in one round only, whatever the report's count of rounds */
    public Block once() {
        return new Block(group, jmh, cold, python, extra, iterationScale, true);
    }

    /**
     * @param rounds the report's count of rounds
     * @return how many rounds this block runs
     */
    public int rounds(final int rounds) {
        return single ? 1 : rounds + extra;
    }
}
