package dev.mproc.bench;

/** A main that does nothing: what a bare JVM start costs, as a baseline. */
public final class EmptyMain {

    private EmptyMain() {
    }

    /**
     * @param args ignored
     */
    public static void main(final String[] args) {
        // Nothing: the cost measured is the JVM's own start-up and exit.
    }
}
