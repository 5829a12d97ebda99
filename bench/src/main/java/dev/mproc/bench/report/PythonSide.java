package dev.mproc.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Python side of a round: runs the block's script (from the jar's {@code /python} resources, copied once into a
 * temporary directory with the module they share) and reads its scenario lines:
 * {@code scenario=<id> value=<number> unit=<unit> method=<start method>}.
 */
final class PythonSide implements Rounds.Side, AutoCloseable {

    /** The module every script imports; copied beside them, never run by itself. */
    static final String LIBRARY = "benchlib.py";

    private static final int TIMEOUT_SECONDS = 900;

    private final double seconds;
    private final Path scripts;
    private final Map<String, String> methods = new TreeMap<>();

    /**
     * @param seconds the length of one measured iteration, passed to every script
     * @param names   the scripts to make ready
     * @throws IOException when they cannot be copied out of the jar
     */
    PythonSide(final double seconds, final List<String> names) throws IOException {
        this.seconds = seconds;
        this.scripts = Files.createTempDirectory("mproc-bench-python");
        for (final String name : names) {
            try (InputStream in = PythonSide.class.getResourceAsStream("/python/" + name)) {
                if (in == null) {
                    throw new IOException("the bench jar has no /python/" + name);
                }
                Files.copy(in, scripts.resolve(name));
            }
        }
    }

    @Override
    public Map<String, Figure> run(final Block block) throws IOException, InterruptedException {
        System.out.println("# python3 " + block.python());
        final Map<String, Figure> figures = new TreeMap<>();
        final java.lang.Process process = new ProcessBuilder("python3", scripts.resolve(block.python()).toString(),
            String.format(Locale.ROOT, "%.1f", seconds * block.iterationScale())).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.out.println(line);
                parse(line, figures, methods);
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return figures;
    }

    /** @return the start method each Python figure was measured with, by key */
    Map<String, String> methods() {
        return methods;
    }

    /**
     * Reads one line of a script's output; lines that are not scenario lines are ignored.
     *
     * @param line    the line
     * @param figures where a figure goes, under {@code python:<id>}
     * @param methods where its start method goes, under the same key
     */
    static void parse(final String line, final Map<String, Figure> figures, final Map<String, String> methods) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String part : line.trim().split("\\s+")) {
            final int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (fields.containsKey("scenario") && fields.containsKey("value") && fields.containsKey("unit")) {
            final String key = "python:" + fields.get("scenario");
            figures.put(key, Figure.of(Double.parseDouble(fields.get("value")), fields.get("unit"), 0));
            if (fields.containsKey("method")) {
                methods.put(key, fields.get("method"));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(scripts)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(scripts);
    }
}
