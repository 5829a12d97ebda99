package dev.mproc.testing.modapp;

import dev.mproc.Process;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's program launched on the module path ({@code java -p mods -m modapp/...}): its child writes a line, the
 * program prints what it read and the child's exit code. Packaged into a jar of its own by {@code ModulePathTest}.
 */
public final class ModulePathMain {

    private ModulePathMain() {
    }

    public static void main(final String[] args) throws Exception {
        final String out = args[0];
        try (Process child = Process.start(() -> Files.writeString(Path.of(out),
            "child " + ProcessHandle.current().pid() + " ran"))) {
            child.join();
            System.out.println("module " + ModulePathMain.class.getModule().getName() + ", exit code "
                + child.exitCode().orElse(-1) + ", " + Files.readString(Path.of(out)).replaceAll("[0-9]+", "N"));
        }
    }
}
