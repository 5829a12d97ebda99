package dev.mproc.shm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Process identities that survive pid reuse: a key packs a pid (low 32 bits) with the low 32 bits of the process's
 * start time in clock ticks since boot (from {@code /proc/<pid>/stat}), so a new process that happens to get a dead
 * process's pid does not look like it. Where there is no {@code /proc} the start part is 0 and only the pid counts.
 *
 * <p><b>Thread safety:</b> stateless, safe for concurrent use. <b>Process safety:</b> keys mean the same in every
 * process of the machine; no time is taken from {@code System.nanoTime()}, which is per process.
 */
public final class Pids {

    private static final Path PROC = Paths.get("/proc");
    private static final boolean HAS_PROC = Files.isDirectory(PROC.resolve("self"));
    private static final long SELF_PID = ProcessHandle.current().pid();
    private static final long SELF_KEY = key(SELF_PID, startTicks(SELF_PID));

    private Pids() {
    }

    /** @return this process's pid */
    public static long selfPid() {
        return SELF_PID;
    }

    /** @return this process's key */
    public static long selfKey() {
        return SELF_KEY;
    }

    /**
     * @param key a key
     * @return its pid
     */
    public static long pidOf(final long key) {
        return key & 0xFFFF_FFFFL;
    }

    /**
     * Whether the process a key names is running: it exists, is not a zombie, and started when the key says.
     *
     * @param key a key from {@link #selfKey()} of some process, or a bare pid (start part 0)
     * @return false when the process is gone or its pid now belongs to another process
     */
    public static boolean isAlive(final long key) {
        final long pid = pidOf(key);
        if (pid == SELF_PID) {
            return true;
        }
        if (!HAS_PROC) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        final String[] fields = statFields(pid);
        if (fields == null || fields[0].equals("Z") || fields[0].equals("X")) {
            return false;
        }
        final long recordedStart = key >>> 32;
        return recordedStart == 0 || (Long.parseLong(fields[19]) & 0xFFFF_FFFFL) == recordedStart;
    }

    private static long key(final long pid, final long startTicks) {
        return (startTicks & 0xFFFF_FFFFL) << 32 | (pid & 0xFFFF_FFFFL);
    }

    private static long startTicks(final long pid) {
        final String[] fields = HAS_PROC ? statFields(pid) : null;
        return fields == null ? 0 : Long.parseLong(fields[19]);
    }

    /** @return the fields of {@code /proc/<pid>/stat} after the command name (state first), or null when gone */
    private static String[] statFields(final long pid) {
        try {
            final String stat = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")),
                StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses; the fields start after the last ')'.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 19 ? fields : null;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }
}
