package dev.mproc.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the JMH suite and the Python {@code multiprocessing} scripts in interleaved rounds and writes the report.
 *
 * <p>{@code java -jar bench/target/mproc-bench.jar report [--full] [--rounds N] [--only REGEX] [--force]
 * [--out DIR] [--no-python]}. The quick mode (the default) gives each benchmark one fork with short iterations.
 * {@code --only} runs the sections whose name matches (a partial run leaves {@code ratios.tsv} alone).
 */
public final class Report {

    private static final String USAGE = "use [--full] [--rounds N] [--only REGEX] [--force] [--out DIR] [--no-python]";

    private Report() {
    }

    /**
     * @param args the options above
     * @throws Exception when a round cannot run
     */
    public static void main(final String[] args) throws Exception {
        boolean full = false;
        boolean python = true;
        boolean force = false;
        int rounds = 3;
        Pattern only = null;
        Path out = Path.of("bench", "report");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--no-python" -> python = false;
                case "--force" -> force = true;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--only" -> only = Pattern.compile(value(args, ++i), Pattern.CASE_INSENSITIVE);
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        final List<Block> blocks = new ArrayList<>();
        for (final Block block : Scenarios.BLOCKS) {
            if (only == null || only.matcher(block.group()).find()) {
                blocks.add(block);
            }
        }
        final int cores = Runtime.getRuntime().availableProcessors();
        final Rounds.LoadProbe probe = MachineLoad.available() ? new MachineLoad(Duration.ofSeconds(1), cores)
            : () -> Load.UNKNOWN;
        final Map<String, String> machine = describeMachine(probe.sample(), rounds, full);
        final boolean withPython = python && machine.get("Python").startsWith("Python");
        Files.createDirectories(out);
        final PreviousRun previous = PreviousRun.read(out);
        final Rounds.Run run;
        final Map<String, String> methods;
        try (PythonSide pythonSide = withPython ? new PythonSide(full ? 3 : 1, scripts()) : null) {
            run = new Rounds(new JmhSide(full), pythonSide, probe, rounds).run(blocks);
            methods = pythonSide == null ? Map.of() : pythonSide.methods();
        }
        final ReportWriter writer = new ReportWriter(machine, run, methods, previous, cores, force);
        writer.write(out, only == null);
        System.out.println("report written to " + out.toAbsolutePath().resolve("REPORT.md")
            + (writer.quiet() ? "" : force ? " (busy machine, forced)" : " (busy machine: no headline figures)"));
    }

    private static String value(final String[] args, final int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }

    private static List<String> scripts() {
        final List<String> scripts = new ArrayList<>();
        scripts.add(PythonSide.LIBRARY);
        Scenarios.BLOCKS.stream().map(Block::python).filter(p -> p != null).forEach(scripts::add);
        return scripts;
    }

    private static Map<String, String> describeMachine(final Load atStart, final int rounds, final boolean full) {
        final Map<String, String> machine = new LinkedHashMap<>();
        machine.put("date", LocalDate.now().toString());
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        machine.put("Python", command(List.of("python3", "--version")).orElse("not found"));
        command(List.of("python3", "-c", "import multiprocessing; print(multiprocessing.get_start_method())"))
            .ifPresent(method -> machine.put("Python's default start method", method));
        machine.put("load at start", atStart.toString());
        final List<String> settling = Scenarios.BLOCKS.stream().filter(b -> b.extra() > 0).map(Block::group).toList();
        final List<String> once = Scenarios.BLOCKS.stream().filter(Block::single).map(Block::group).toList();
        machine.put("rounds", rounds + " per side, interleaved (" + (rounds + Block.EXTRA_ROUNDS) + " for "
            + String.join(", ", settling) + ", whose figures move from fork to fork"
            + (once.isEmpty() ? "" : "; 1 for " + String.join(", ", once) + ", JVM only, each trial starting a cluster")
            + "); "
            + (full ? "JMH's full iterations"
                : "quick: 1 warm-up and 2 measured iterations of 1 s per benchmark and round"));
        final List<String> longer = Scenarios.BLOCKS.stream().filter(b -> b.iterationScale() > 1)
            .map(b -> b.group() + " " + b.iterationScale() + "×").toList();
        if (!longer.isEmpty()) {
            machine.put("longer iterations", String.join(", ", longer) + " on both sides (round trips, whose rate"
                + " swings within seconds; a cluster's JVMs, slow to warm up on few cores)");
        }
        return machine;
    }

    private static Optional<String> command(final List<String> command) {
        try {
            final java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return lines.isEmpty() || process.exitValue() != 0 ? Optional.empty() : Optional.of(lines.get(0));
        } catch (final IOException | InterruptedException | IllegalThreadStateException e) {
            return Optional.empty();
        }
    }
}
