package dev.mproc.demos;

import dev.mproc.Process;
import dev.mproc.pipe.Connection;
import dev.mproc.pipe.Pipe;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Example 5 of the article: a {@link Pipe} between two processes. The child sends {@code [42, null, "hello"]} on its
 * end and closes it; the parent receives the list on the other end, prints it and joins the child.
 */
public final class PipeDemo implements Demo {

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public String title() {
        return "Pipe: a child sends [42, null, \"hello\"], the parent receives it";
    }

    @Override
    public String pythonIdea() {
        return "parent_conn, child_conn = Pipe(): two ends, one per process; send() and recv() move whole objects. "
            + "A Pipe has two endpoints where a Queue has many, and is the faster of the two.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        try (Pipe pipe = Pipe.open()) {
            final Connection childEnd = pipe.right();
            try (Process child = Process.start(() -> {
                childEnd.send(Arrays.asList(42, null, "hello"));
                childEnd.close();
            })) {
                out.println(pipe.left().recv());
                child.join();
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
        new PipeDemo().run(System.out, 1);
    }
}
