package dev.mproc.demos;

import dev.mproc.Process;
import dev.mproc.queue.Queue;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Example 4 of the article: a child puts {@code [42, null, "hello"]} on a {@link Queue}, the parent gets it, prints
 * it and joins the child. The queue crosses into the child simply by being captured by the task.
 */
public final class QueueDemo implements Demo {

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String title() {
        return "Queue: a child puts a list, the parent gets it";
    }

    @Override
    public String pythonIdea() {
        return "q = Queue(); Process(target=f, args=(q,)).start(); q.get(): any number of processes may put and "
            + "get; a Queue is built on a pipe, so a Pipe is faster between exactly two endpoints.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        try (Queue<List<Object>> q = Queue.create()) {
            try (Process child = Process.start(() -> q.put(Arrays.asList(42, null, "hello")))) {
                out.println(q.get());
                child.join();
                out.println("child " + child.pid() + " exited with " + child.exitCode().getAsInt());
            }
        }
    }

    /**
     * Runs this demo alone.
     *
     * @param args ignored
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        new QueueDemo().run(System.out, 1);
    }
}
