package dev.mproc;

import java.nio.file.Files;
import java.nio.file.Path;

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
                    final Process grandchild = Process.start(() -> Thread.sleep(120_000));
                    Files.writeString(Path.of(ready), Long.toString(grandchild.pid()));
                    Thread.sleep(120_000);
                });
                Files.writeString(dir.resolve("child"), Long.toString(child.pid()));
                Thread.sleep(120_000);
                break;
            }
            case "exit": {
                final String joined = dir.resolve("joined").toString();
                final Process daemon = Process.builder().daemon(true).start(() -> Thread.sleep(120_000));
                final Process worker = Process.start(() -> {
                    Thread.sleep(1000);
                    Files.writeString(Path.of(joined), "finished");
                });
                Files.writeString(dir.resolve("pids"), daemon.pid() + " " + worker.pid());
                break; // main returns: the daemon must be terminated, the worker joined
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
                    Thread.sleep(200); // the archive is moved into place when the exit is seen
                }
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
