package dev.mproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each demo as the tour does, in a fresh JVM with sleeps shortened, and checks what it prints. */
class TourTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEveryDemo() throws Exception {
        final String out = tour();
        for (final Demo demo : Tour.demos()) {
            assertTrue(out.contains(demo.name()), out);
        }
    }

    @Test
    void helpShouldListEveryDemoAndAMistakeShouldSayWhatIsWrongWithoutAStackTrace() throws Exception {
        final String help = tour("--help");
        assertTrue(help.contains("usage: "), help);
        for (final Demo demo : Tour.demos()) {
            assertTrue(help.contains(demo.name()), help);
        }
        for (final List<String> wrong : List.of(List.of("--nope"), List.of("no-such-demo"), List.of("all", "--speed"),
            List.of("all", "--speed", "fast"), List.of("all", "--speed", "0"))) {
            final String out = tourExiting(2, List.of(), wrong.toArray(String[]::new));
            assertTrue(out.startsWith("mproc demos: "), out);
            assertTrue(out.contains("usage: "), out);
            assertTrue(!out.contains("Exception") && !out.contains("\tat "), "no stack trace: " + out);
        }
    }

    @Test
    void poolApplyAsyncShouldPrintThePairsInSubmitOrderAndBothTimes() throws Exception {
        final String out = tour("pool-apply-async", "--speed", "10");
        final java.util.regex.Matcher pairs = java.util.regex.Pattern
            .compile("\\[(\\((\\d+), (\\d+)\\)(, )?){10}\\]").matcher(out);
        assertTrue(pairs.find(), out);
        final java.util.regex.Matcher each = java.util.regex.Pattern.compile("\\((\\d+), (\\d+)\\)")
            .matcher(pairs.group());
        int serialSeconds = 0;
        for (int n = 0; n < 10; n++) {
            assertTrue(each.find(), out);
            assertEquals(n, Integer.parseInt(each.group(1)), "submit order: " + out);
            final int seconds = Integer.parseInt(each.group(2));
            assertTrue(seconds >= 0 && seconds <= 10, out);
            serialSeconds += seconds;
        }
        assertTrue(out.contains("parallel time: "), out);
        assertTrue(out.contains("  got (0, "), "progress while it waits: " + out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "serial time:   %.2f s", serialSeconds / 10.0)),
            out);
    }

    @Test
    void poolMapShouldPrintTheSquaresInOrder() throws Exception {
        final String out = tour("pool-map", "--speed", "10");
        assertTrue(out.contains("[1, 4, 9, 16, 25, 36]"), out);
        assertTrue(out.contains("on 4 workers; a loop would take 0.60 s"), out);
    }

    @Test
    void processPerCpuShouldSayHelloFromEveryChild() throws Exception {
        final String out = tour("process-per-cpu", "--speed", "10");
        for (int n = 0; n < Runtime.getRuntime().availableProcessors(); n++) {
            assertTrue(out.contains("hello xx_" + n), out);
        }
        final java.util.regex.Matcher pids = java.util.regex.Pattern.compile("parent pid (\\d+), my pid (\\d+)")
            .matcher(out);
        assertTrue(pids.find(), out);
        assertTrue(!pids.group(1).equals(pids.group(2)), "each child reports its own pid, not its parent's: " + out);
        assertTrue(out.contains("--- process-per-cpu took"), out);
    }

    @Test
    void databaseWritesShouldUpsertEveryCompanyAndUpdateOnTheSecondRun() throws Exception {
        final String url = "jdbc:sqlite:" + dir.resolve("companies.db");
        final List<String> limit = List.of("-D" + DatabaseWrites.COMPANIES + "=24");
        final String first = tour(limit, "database-writes", "--speed", "10", "--jdbc-url", url);
        assertTrue(first.contains("batch 2/2: 4 processes joined, 24 companies written"), first);
        assertTrue(first.contains("rows in company_features: 24, companies in the CSV processed: 24, failed"
            + " processes: 0 -> OK"), first);
        assertTrue(first.contains("this run inserted 24 rows and updated 0"), first);
        assertTrue(first.contains("its own connection"), first);
        assertTrue(!first.contains("SEVERE") && !first.contains("WARNING") && !first.contains("native lib"),
            "the children share one extracted native library quietly: " + first);
        final String second = tour(limit, "database-writes", "--speed", "10", "--jdbc-url", url);
        assertTrue(second.contains("this run inserted 0 rows and updated 24"), second);
    }

    @Test
    void managerShouldShowTheDictAndTheListTheFourChildrenFilled() throws Exception {
        final String out = tour("manager", "--speed", "10");
        final java.util.regex.Matcher result = java.util.regex.Pattern.compile("with (Process|Pool):\n"
            + "\\{0=0, 1=1, 2=2, 3=3\\}\n\\[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, (\\d), (\\d), (\\d), (\\d)\\]").matcher(out);
        for (final String way : List.of("Process", "Pool")) {
            assertTrue(result.find(), out);
            assertEquals(way, result.group(1));
            final List<String> tail = new ArrayList<>(List.of(result.group(2), result.group(3), result.group(4),
                result.group(5)));
            java.util.Collections.sort(tail);
            assertEquals(List.of("0", "1", "2", "3"), tail);
        }
        assertTrue(out.contains("--- manager took"), out);
    }

    @Test
    void sharedMemoryShouldShowTheChildsChangesInTheParent() throws Exception {
        final String out = tour("shared-memory", "--speed", "10");
        assertTrue(out.contains("with Process:\n3.1415927\n[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]"), out);
        assertTrue(out.contains("with Pool (Python's Value cannot be passed to Pool workers):\n3.1415927\n"
            + "[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]"), out);
        assertTrue(out.contains("--- shared-memory took"), out);
    }

    @Test
    void fanOutShouldGroupResultsByKeyTheSameWayWithTheHelperAndThePool() throws Exception {
        final String out = tour("fan-out", "--speed", "10");
        final String grouped = "  news: [press: Orion Retail Inc. opens a new store, wire: Orion Retail Inc. opens a"
            + " new store]\n  prices: [2024=";
        assertEquals(2, out.split(java.util.regex.Pattern.quote(grouped), -1).length - 1, out);
        assertTrue(out.contains("  profile: [Orion Retail Inc.: retail, founded 1910]"), out);
        assertTrue(out.contains("the same results: true"), out);
    }

    @Test
    void clusterShouldPrintWhatTheLocalPoolAndHelperPrint() throws Exception {
        final String out = tour("cluster", "--speed", "10");
        assertTrue(out.contains("3 members joined in "), out);
        assertTrue(out.contains("  [1, 4, 9, 16, 25, 36] in "), out);
        assertTrue(out.contains("the local pool's result: true"), out);
        assertTrue(out.contains("  news: [press: Orion Retail Inc. opens a new store, wire: Orion Retail Inc. opens a"
            + " new store]\n  prices: [2024="), out);
        assertTrue(out.contains("  profile: [Orion Retail Inc.: retail, founded 1910]"), out);
        assertTrue(out.contains("as the local helper's: true"), out);
        assertTrue(out.contains("--- cluster took"), out);
        assertTrue(!out.contains("WARNING") && !out.contains("SEVERE"), "quiet: " + out);
    }

    @Test
    void pipeShouldPrintWhatTheChildSent() throws Exception {
        final String out = tour("pipe", "--speed", "10");
        assertTrue(out.contains(System.lineSeparator() + "[42, null, hello]" + System.lineSeparator()), out);
        assertTrue(out.contains("--- pipe took"), out);
    }

    @Test
    void queueShouldPrintTheListTheChildPut() throws Exception {
        final String out = tour("queue", "--speed", "10");
        assertTrue(out.contains("\n[42, null, hello]\n"), out);
        assertTrue(out.contains("exited with 0"), out);
        assertTrue(out.contains("--- queue took"), out);
    }

    /** Runs the tour's main in a child JVM (so children's output is captured too) and returns its output. */
    static String tour(final String... args) throws IOException, InterruptedException {
        return tour(List.of(), args);
    }

    /** Runs the tour with extra JVM options (system properties for a demo's knobs). */
    static String tour(final List<String> jvmOptions, final String... args) throws IOException, InterruptedException {
        return tourExiting(0, jvmOptions, args);
    }

    /** Runs the tour, expecting the given exit status. */
    static String tourExiting(final int status, final List<String> jvmOptions, final String... args)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // What the tour jar's manifest grants (native access for sqlite), for this launch with -cp.
        command.addAll(SqliteNative.nativeAccess());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Tour.class.getName()));
        command.addAll(List.of(args));
        final Path output = Files.createTempFile("tour", ".txt");
        try {
            final java.lang.Process tour = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            if (!tour.waitFor(240, TimeUnit.SECONDS)) {
                tour.descendants().forEach(ProcessHandle::destroyForcibly);
                tour.destroyForcibly();
                throw new AssertionError("tour " + List.of(args) + " did not end in 240 s");
            }
            final String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(status, tour.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
