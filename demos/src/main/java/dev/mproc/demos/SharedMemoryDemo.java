package dev.mproc.demos;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.shm.Array;
import dev.mproc.shm.DoubleValue;
import dev.mproc.shm.IntArray;
import dev.mproc.shm.Value;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Example 6 of the article: a shared {@code double} and a shared {@code int} array handed to a child {@link Process},
 * which sets the double to 3.1415927 and negates every element; the parent then sees both changes. Then the same with
 * {@link Pool} workers, which Python cannot do with a {@code Value}. The value and the array cross into the child as
 * handles naming their shared-memory files.
 */
public final class SharedMemoryDemo implements Demo {

    @Override
    public String name() {
        return "shared-memory";
    }

    @Override
    public String title() {
        return "Value and Array: a child changes shared memory, the parent sees it";
    }

    @Override
    public String pythonIdea() {
        return "num = Value('d', 0.0); arr = Array('i', range(10)); a child sets num and negates arr; the parent "
            + "prints them. Python shares them with Process only; here they also cross into Pool workers.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        try (DoubleValue num = Value.ofDouble(0.0); IntArray arr = Array.ofInts(IntStream.range(0, 10).toArray())) {
            try (Process child = Process.start(() -> {
                num.set(3.1415927);
                for (int i = 0; i < arr.length(); i++) {
                    arr.set(i, -arr.get(i));
                }
            })) {
                child.join();
            }
            out.println("with Process:");
            out.println(num.get());
            out.println(Arrays.toString(arr.toArray()));
        }
        try (DoubleValue num = Value.ofDouble(0.0); IntArray arr = Array.ofInts(IntStream.range(0, 10).toArray());
             Pool pool = Pool.create(2)) {
            pool.apply(() -> {
                num.set(3.1415927);
                return null;
            });
            // Each worker negates its share of the elements, in place, in the same shared array.
            pool.map(i -> arr.getAndSet(i, -arr.get(i)), IntStream.range(0, arr.length()).boxed().toList());
            out.println("with Pool (Python's Value cannot be passed to Pool workers):");
            out.println(num.get());
            out.println(Arrays.toString(arr.toArray()));
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new SharedMemoryDemo().run(System.out, 1);
    }
}
