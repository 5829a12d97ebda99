package dev.mproc.internal;

/**
 * What a module of mproc does in a spare JVM ({@link SpareJvms}) while it waits for its task, so that the task's
 * first use of the module does not pay for loading and linking it: found with {@link java.util.ServiceLoader} on the
 * child's class path, so core names no other module. A warm-up must not touch anything outside its own JVM.
 *
 * <p><b>Thread safety:</b> called once, from the spare's main thread. <b>Process safety:</b> per JVM.
 */
public interface SpareWarmUp {

    /**
     * Loads and links what the module's first use in a child needs.
     *
     * @throws Exception when it cannot; the spare goes on without it
     */
    void warmUp() throws Exception;
}
