package dev.mproc.demos;

import java.io.PrintStream;

/**
 * One teaching demo: an example of the reference article, on mproc's API.
 */
public interface Demo {

    /** @return the short name the tour runs it by, e.g. {@code process-per-cpu} */
    String name();

    /** @return a one-line title */
    String title();

    /** @return the Python idea it teaches, in a sentence or two */
    String pythonIdea();

    /**
     * Runs the demo.
     *
     * @param out   where it prints
     * @param speed how fast simulated work goes: 1 is the article's timing, 10 sleeps a tenth as long
     * @throws Exception when the demo fails
     */
    void run(PrintStream out, double speed) throws Exception;
}
