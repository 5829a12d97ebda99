package dev.mproc.demos;

import dev.mproc.Process;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Example 8 of the article: for every company of a CSV, a child process computes a feature record and upserts it
 * (insert, or update on a duplicate company name); processes run in batches of 20, each batch joined before the next,
 * and each opens its own database connection.
 *
 * <p>The database is an embedded SQLite file by default (WAL mode, with a busy timeout so that twenty writers from
 * twenty processes all succeed); {@code --jdbc-url} (system property {@value #JDBC_URL}) points it at PostgreSQL
 * instead. Running it twice updates every row rather than duplicating it.
 */
public final class DatabaseWrites implements Demo {

    /** System property with the JDBC URL to write to; the tour sets it from {@code --jdbc-url}. */
    public static final String JDBC_URL = "mproc.demo.jdbcUrl";

    /** System property limiting how many companies of the CSV are processed (all by default). */
    public static final String COMPANIES = "mproc.demo.companies";

    private static final int BATCH = 20;

    /**
     * Each child lives a fraction of a second: the quick compiler alone and the serial collector start faster and
     * spend less CPU than the defaults, which matters with twenty JVMs starting at once on a few cores.
     */
    private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final String UPSERT = "INSERT INTO company_features (company, sector, age_years,"
        + " revenue_per_employee_kusd, log_revenue, size_bucket, score, version)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
        + " ON CONFLICT (company) DO UPDATE SET sector = excluded.sector, age_years = excluded.age_years,"
        + " revenue_per_employee_kusd = excluded.revenue_per_employee_kusd, log_revenue = excluded.log_revenue,"
        + " size_bucket = excluded.size_bucket, score = excluded.score,"
        + " version = company_features.version + 1";

    @Override
    public String name() {
        return "database-writes";
    }

    @Override
    public String title() {
        return "Processes in batches of 20 upsert feature records into a real database";
    }

    @Override
    public String pythonIdea() {
        return "Start a Process per item in batches and join each batch; every process opens its own database"
            + " connection, because a connection does not survive being handed to another process.";
    }

    @Override
    public void run(final PrintStream out, final double speed) throws Exception {
        final String url = System.getProperty(JDBC_URL, defaultUrl());
        final List<Company> companies = Company.load(Integer.getInteger(COMPANIES, Integer.MAX_VALUE));
        final long workMillis = (long) (300 / speed);
        final List<String> jvmOptions = new ArrayList<>(SHORT_LIVED);
        if (url.startsWith("jdbc:sqlite:")) {
            jvmOptions.addAll(SqliteNative.prepare(cacheDirectory()));
            jvmOptions.addAll(SqliteNative.nativeAccess());
        }
        final Process.Builder shortLived = Process.builder().jvmOptions(jvmOptions.toArray(String[]::new));
        out.println("database: " + url);
        out.println("Each child opens its own connection: a JDBC connection is a socket (or a file lock) owned by"
            + " the process that opened it; handed to another process it could not be used (the article's"
            + " inherited PostgreSQL connection failed with SSL errors), and here it could not even be serialized.");
        final int before;
        try (Connection connection = DriverManager.getConnection(url)) {
            prepare(connection, url);
            before = count(connection, "SELECT COUNT(*) FROM company_features");
        }

        int failed = 0;
        final int batches = (companies.size() + BATCH - 1) / BATCH;
        for (int batch = 0; batch < batches; batch++) {
            final List<Process> children = new ArrayList<>();
            for (final Company company : companies.subList(batch * BATCH,
                Math.min(companies.size(), (batch + 1) * BATCH))) {
                children.add(shortLived.start(() -> upsert(url, company, workMillis)));
            }
            for (final Process child : children) {
                child.join();
                failed += child.exitCode().getAsInt() == 0 ? 0 : 1;
            }
            out.printf(Locale.ROOT, "batch %d/%d: %d processes joined, %d companies written%n", batch + 1, batches,
                children.size(), Math.min(companies.size(), (batch + 1) * BATCH));
        }

        try (Connection connection = DriverManager.getConnection(url)) {
            final int rows = count(connection, "SELECT COUNT(*) FROM company_features");
            out.printf(Locale.ROOT, "rows in company_features: %d, companies in the CSV processed: %d, failed"
                + " processes: %d -> %s%n", rows, companies.size(), failed,
                rows == companies.size() && failed == 0 ? "OK" : "MISMATCH");
            out.printf(Locale.ROOT, "this run inserted %d rows and updated %d (run it again: it updates, never"
                + " duplicates)%n", rows - before, companies.size() - (rows - before));
            if (rows != companies.size() || failed != 0) {
                throw new IllegalStateException("expected " + companies.size() + " rows and no failures");
            }
        }
    }

    /** What each child runs: compute the features, open its own connection, upsert one row. */
    static void upsert(final String url, final Company company, final long workMillis) throws Exception {
        final Features features = Features.of(company, workMillis);
        try (Connection connection = DriverManager.getConnection(url)) {
            if (url.startsWith("jdbc:sqlite:")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 30000");
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, company.name());
                upsert.setString(2, company.sector());
                upsert.setInt(3, features.ageYears());
                upsert.setDouble(4, features.revenuePerEmployeeKusd());
                upsert.setDouble(5, features.logRevenue());
                upsert.setString(6, features.sizeBucket());
                upsert.setDouble(7, features.score());
                upsert.executeUpdate();
            }
        }
    }

    private static void prepare(final Connection connection, final String url) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (url.startsWith("jdbc:sqlite:")) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA busy_timeout = 30000");
            }
            statement.execute("CREATE TABLE IF NOT EXISTS company_features (company VARCHAR(200) PRIMARY KEY,"
                + " sector VARCHAR(50), age_years INTEGER, revenue_per_employee_kusd DOUBLE PRECISION,"
                + " log_revenue DOUBLE PRECISION, size_bucket VARCHAR(20), score DOUBLE PRECISION,"
                + " version INTEGER NOT NULL)");
        }
    }

    private static int count(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static String defaultUrl() throws java.io.IOException {
        return "jdbc:sqlite:" + cacheDirectory().resolve("companies.db");
    }

    private static Path cacheDirectory() throws java.io.IOException {
        return Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache", "mproc", "demos"));
    }

    /**
     * The feature record of one company: a few numbers derived from its row.
     *
     * @param ageYears               years since it was founded
     * @param revenuePerEmployeeKusd revenue per employee in thousands of dollars
     * @param logRevenue             natural log of revenue in dollars
     * @param sizeBucket             small, medium, large or enterprise by head count
     * @param score                  a made-up composite score
     */
    record Features(int ageYears, double revenuePerEmployeeKusd, double logRevenue, String sizeBucket,
                    double score) {

        static Features of(final Company company, final long workMillis) throws InterruptedException {
            Thread.sleep(workMillis); // the simulated slow part: a model, a remote lookup
            final int age = Year.now().getValue() - company.founded();
            final double perEmployee = company.revenueMusd() * 1000 / company.employees();
            final double logRevenue = Math.log(company.revenueMusd() * 1e6);
            final String bucket = company.employees() < 50 ? "small" : company.employees() < 250 ? "medium"
                : company.employees() < 5000 ? "large" : "enterprise";
            final double score = Math.round((logRevenue * 2 + Math.log1p(age) + Math.log1p(perEmployee)) * 100) / 100.0;
            return new Features(age, perEmployee, logRevenue, bucket, score);
        }
    }

    /**
     * Runs this demo alone: {@code [--jdbc-url URL]}.
     *
     * @param args optional JDBC URL
     * @throws Exception when it fails
     */
    public static void main(final String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--jdbc-url")) {
            System.setProperty(JDBC_URL, args[1]);
        }
        new DatabaseWrites().run(System.out, 1);
    }
}
