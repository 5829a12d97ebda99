package dev.mproc;

import dev.mproc.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The main of a parent JVM that a test launches and then watches (or kills) from outside: {@code scenario dir}.
 */
public final class ParentScenarios {

    private ParentScenarios() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "orphan": {
                final String ready = dir.resolve("grandchild").toString();
                final Process child = Process.start(() -> {
                    final Process grandchild = Process.start(Await::untilKilled);
                    Files.writeString(Path.of(ready), Long.toString(grandchild.pid()));
                    Await.untilKilled();
                });
                Files.writeString(dir.resolve("child"), Long.toString(child.pid()));
                Await.untilKilled();
                break;
            }
            case "exit": {
                final String joined = dir.resolve("joined").toString();
                final Process daemon = Process.builder().daemon(true).start(Await::untilKilled);
                final long daemonPid = daemon.pid();
                // The parent terminates its daemons when it starts to exit: the worker finishes only then, so the
                // file exists when the parent has gone only if the parent joined the worker.
                final Process worker = Process.start(() -> {
                    Await.until("the daemon terminated at the parent's exit",
                        () -> ProcessHandle.of(daemonPid).map(h -> !h.isAlive()).orElse(true));
                    Files.writeString(Path.of(joined), "finished");
                });
                Files.writeString(dir.resolve("pids"), daemon.pid() + " " + worker.pid());
                break; // main returns: the daemon must be terminated, the worker joined
            }
            case "spare": {
                // A child that succeeded gives its shape a spare; say its pid, then wait to be killed or told to go.
                Process.start(() -> { }).join();
                Await.until("a spare JVM", () -> !dev.mproc.internal.SpareJvms.pids().isEmpty());
                Files.writeString(dir.resolve("spare"), Long.toString(
                    dev.mproc.internal.SpareJvms.pids().iterator().next()));
                Await.until("the test says exit", () -> Files.exists(dir.resolve("exit")));
                break;
            }
            case "spare-output": {
                // The first child's success gives the shape a spare; the second child, run in it, prints.
                Process.start(() -> { }).join();
                Await.until("a spare JVM", () -> !dev.mproc.internal.SpareJvms.pids().isEmpty());
                final long spare = dev.mproc.internal.SpareJvms.pids().iterator().next();
                final Process printer = Process.start(() -> {
                    System.out.println("out from the child");
                    System.err.println("err from the child");
                });
                printer.join();
                System.out.println("ran in the spare: " + (printer.pid() == spare));
                break;
            }
            case "failure": {
                final Process p = Process.start(() -> {
                    throw new IllegalArgumentException("boom from the child");
                });
                p.join();
                System.out.println("exit code " + p.exitCode().getAsInt());
                break;
            }
            case "bad-option": {
                try (Process p = Process.builder().jvmOptions("-XX:+NoSuchMprocOption").start(() -> { })) {
                    p.join();
                    System.out.println("exit code " + p.exitCode().getAsInt());
                } catch (final java.io.IOException e) {
                    System.out.println("start failed: " + e.getMessage());
                }
                break;
            }
            case "print": {
                final Process p = Process.start(() -> {
                    for (int i = 0; i < 5; i++) {
                        System.out.println("child line " + i);
                    }
                    System.err.println("child error line");
                });
                p.join();
                System.out.println("parent after join");
                break;
            }
            case "cds": {
                for (final String name : new String[] {"first", "second"}) {
                    final String out = dir.resolve(name).toString();
                    try (Process p = Process.start(() -> Files.write(Path.of(out),
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))) {
                        p.join();
                        System.out.println(name + " exit code " + p.exitCode().getAsInt());
                    }
                    // The archive is moved into place when the first child's exit is seen, not by join(); from
                    // JDK 25 the cache is made by a training run in the background once the first child succeeded.
                    final Path archives = Path.of(System.getenv("XDG_CACHE_HOME"), "mproc", "cds");
                    Await.until("an archive in " + archives, () -> hasArchive(archives));
                }
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static boolean hasArchive(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(file -> file.getFileName().toString().matches("child-[0-9a-f]{24}\\.(jsa|aot)"));
        }
    }
}
