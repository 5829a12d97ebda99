package dev.mproc.demos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the companies CSV that ships with the demos (example 8).
 *
 * @param name        the company name, unique
 * @param sector      its sector
 * @param country     ISO country code
 * @param founded     year founded
 * @param employees   head count
 * @param revenueMusd yearly revenue in millions of US dollars
 */
public record Company(String name, String sector, String country, int founded, int employees, double revenueMusd)
    implements Serializable {

    /**
     * @param limit how many rows to read at most
     * @return the companies of {@code companies.csv}, in file order
     */
    public static List<Company> load(final int limit) {
        final List<Company> companies = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            Company.class.getResourceAsStream("companies.csv"), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null && companies.size() < limit; line = reader.readLine()) {
                final String[] field = line.split(",");
                companies.add(new Company(field[0], field[1], field[2], Integer.parseInt(field[3]),
                    Integer.parseInt(field[4]), Double.parseDouble(field[5])));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return companies;
    }
}
