package dev.mproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database demo against a real PostgreSQL server, started here from the machine's PostgreSQL installation in a
 * private data directory on a free port; skipped where PostgreSQL is not installed.
 */
class DatabaseWritesPostgresTest {

    private static Path binaries;
    private static Path dataDir;
    private static int port;
    private static boolean asPostgresUser;

    @BeforeAll
    static void startPostgres() throws Exception {
        final Optional<Path> found = findBinaries();
        Assumptions.assumeTrue(found.isPresent(), "PostgreSQL (initdb, pg_ctl) is not installed here");
        binaries = found.get();
        asPostgresUser = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(!asPostgresUser || run(List.of("id", "postgres"), 10) == 0,
            "running as root, and there is no postgres user to run the server as");
        dataDir = Files.createTempDirectory("pg-demo-");
        if (asPostgresUser) {
            assertEquals(0, run(List.of("chown", "postgres", dataDir.toString()), 10));
        }
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertEquals(0, run(asServerUser(binaries.resolve("initdb").toString(), "-D", dataDir.resolve("db").toString(),
            "-A", "trust", "-U", "postgres", "--no-sync"), 120), "initdb failed");
        assertEquals(0, run(asServerUser(binaries.resolve("pg_ctl").toString(), "-D", dataDir.resolve("db").toString(),
            "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
            "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), 90),
            "pg_ctl start failed");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (dataDir == null) {
            return;
        }
        run(asServerUser(binaries.resolve("pg_ctl").toString(), "-D", dataDir.resolve("db").toString(), "-m",
            "immediate", "-w", "stop"), 60);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void shouldUpsertIntoPostgresqlAndUpdateOnTheSecondRun() throws Exception {
        final String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        final List<String> limit = List.of("-D" + DatabaseWrites.COMPANIES + "=25");
        final String first = TourTest.tour(limit, "database-writes", "--speed", "10", "--jdbc-url", url);
        assertTrue(first.contains("database: " + url), first);
        assertTrue(first.contains("rows in company_features: 25, companies in the CSV processed: 25, failed"
            + " processes: 0 -> OK"), first);
        final String second = TourTest.tour(limit, "database-writes", "--speed", "10", "--jdbc-url", url);
        assertTrue(second.contains("this run inserted 0 rows and updated 25"), second);
    }

    private static Optional<Path> findBinaries() throws IOException {
        final List<Path> candidates = new ArrayList<>();
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir));
        }
        final Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.reverseOrder()).forEach(version -> candidates.add(version.resolve("bin")));
            }
        }
        return candidates.stream()
            .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
            .findFirst();
    }

    private static List<String> asServerUser(final String... command) {
        final List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static int run(final List<String> command, final int timeoutSeconds) throws Exception {
        final java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }
}
