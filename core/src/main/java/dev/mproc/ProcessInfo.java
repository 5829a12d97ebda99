package dev.mproc;

/**
 * What a process knows of itself or of its parent: the name it was given and its operating-system pid.
 *
 * <p>The authkey of the process tree is deliberately not part of this record; see {@link Processes#authkey()}.
 *
 * @param name the process name ({@code "MainProcess"} for the root of a tree, as in Python)
 * @param pid  the operating-system process id
 */
public record ProcessInfo(String name, long pid) {

    @Override
    public String toString() {
        return "<Process name='" + name + "' pid=" + pid + ">";
    }
}
