package dev.mproc.pipe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 scripts from tests; tests that need it are skipped where it is absent. */
final class Python {

    private Python() {
    }

    /** @return whether a python3 with multiprocessing runs here */
    static boolean available() {
        try {
            final java.lang.Process probe = new ProcessBuilder("python3", "-c", "import multiprocessing.connection")
                .redirectErrorStream(true).start();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code python3 -c script args...}, its output and error to files in {@code dir}. */
    static java.lang.Process start(final Path dir, final String script, final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve("python-out.txt").toFile())
            .redirectError(dir.resolve("python-err.txt").toFile())
            .start();
    }

    static String hex(final byte[] bytes) {
        final StringBuilder text = new StringBuilder();
        for (final byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
