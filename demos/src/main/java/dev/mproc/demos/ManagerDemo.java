package dev.mproc.demos;

import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.manager.Manager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Example 7 of the article: a {@link Manager} serves a dict and a list (0..9); four {@link Process}es each put
 * {@code i -> i} in the dict and append {@code i} to the list, through proxies they captured. The parent prints the
 * dict and the list: the four appends come after 0..9, in whatever order the children ran.
 */
public final class ManagerDemo implements Demo {

    @Override
    public String name() {
        return "manager";
    }

    @Override
    public String title() {
        return "Manager: four processes fill a shared dict and list";
    }

    @Override
    public String pythonIdea() {
        return "d = manager.dict(); l = manager.list(range(10)); Process(target=f, args=(d, l, i)): the children "
            + "change the manager's objects through proxies, and the parent sees every change.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        try (Manager manager = Manager.start()) {
            final ConcurrentMap<Integer, Integer> d = manager.dict();
            final List<Integer> l = manager.list(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
            final List<Process> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final int n = i;
                children.add(Process.start(() -> {
                    d.put(n, n);
                    l.add(n);
                }));
            }
            for (final Process child : children) {
                child.join();
                child.close();
            }
            // The dict keeps insertion order, as Python 3's; sorted here so the print matches the article's.
            out.println("with Process:");
            out.println(new TreeMap<>(d));
            out.println(l);

            final ConcurrentMap<Integer, Integer> d2 = manager.dict();
            final List<Integer> l2 = manager.list(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
            try (Pool pool = Pool.create(4)) {
                pool.map(n -> {
                    d2.put(n, n);
                    l2.add(n);
                    return n;
                }, List.of(0, 1, 2, 3), 1);
            }
            out.println("with Pool:");
            out.println(new TreeMap<>(d2));
            out.println(l2);
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new ManagerDemo().run(System.out, 1);
    }
}
